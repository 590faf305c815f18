'use server'

import { z } from 'zod'
import { formAction } from '@/lib/server/form-action'
import { regenerateIcsToken } from '@/lib/server/users/profile'

export const regenerateIcsTokenAction = formAction(z.object({}), async (actor) => {
  await regenerateIcsToken(actor)
  return { message: 'A new calendar link was created; the previous one no longer works.', revalidate: ['/calendar'] }
})
