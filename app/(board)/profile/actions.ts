'use server'

import { formAction } from '@/lib/server/form-action'
import { updateOwnTimeZone } from '@/lib/server/users/profile'
import { ZUpdateOwnTimeZoneInput } from '@/lib/server/users/schemas'

export const updateTimeZoneAction = formAction(ZUpdateOwnTimeZoneInput, async (actor, input) => {
  await updateOwnTimeZone(actor, input)
  return { message: `Times are now shown in ${input.timeZone}.`, revalidate: [{ layout: '/' }] }
})
