'use server'

import { formAction } from '@/lib/server/form-action'
import { ZSetServiceWatchInput } from '@/lib/server/watching/schemas'
import { setServiceWatch } from '@/lib/server/watching/watch'

// The /services page's one form: watch or stop watching a service (session → zod → use case).

export const watchServiceAction = formAction(ZSetServiceWatchInput, async (actor, input) => {
  const { watching, name } = await setServiceWatch(actor, input)
  return { message: watching ? `You are watching ${name}.` : `You stopped watching ${name}.`, revalidate: ['/services'] }
})
