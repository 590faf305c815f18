'use server'

import { formAction, formValues } from '@/lib/server/form-action'
import { updateMailPreferences, updateOwnTimeZone } from '@/lib/server/users/profile'
import { ZUpdateMailPreferencesInput, ZUpdateOwnTimeZoneInput } from '@/lib/server/users/schemas'

export const updateTimeZoneAction = formAction(ZUpdateOwnTimeZoneInput, async (actor, input) => {
  await updateOwnTimeZone(actor, input)
  return { message: `Times are now shown in ${input.timeZone}.`, revalidate: [{ layout: '/' }] }
})

/** Ticked kinds arrive as 0..n checkbox values; the schema wants an array either way. */
function withKinds(formData: FormData) {
  return { ...formValues(formData), email: formData.getAll('email').filter((v): v is string => typeof v === 'string') }
}

export const updateMailPreferencesAction = formAction(
  ZUpdateMailPreferencesInput,
  async (actor, input) => {
    await updateMailPreferences(actor, input)
    return { message: 'E-mail notifications saved.', revalidate: ['/profile'] }
  },
  { read: withKinds },
)
