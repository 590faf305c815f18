'use server'

import { formAction, formValues } from '@/lib/server/form-action'
import { createUser, setUserActive, updateUser } from '@/lib/server/users/manage-users'
import { ZCreateUserInput, ZSetUserActiveInput, ZUpdateUserInput } from '@/lib/server/users/schemas'

/** Checkbox groups arrive as 0..n values; the schema wants an array either way. */
function withRoles(formData: FormData) {
  return { ...formValues(formData), roles: formData.getAll('roles').filter((v): v is string => typeof v === 'string') }
}

export const createUserAction = formAction(
  ZCreateUserInput,
  async (actor, input) => {
    await createUser(actor, input)
    return { message: `${input.name} can now sign in as ${input.email}.`, revalidate: ['/admin/users'] }
  },
  { read: withRoles, secret: ['password'] },
)

export const updateUserAction = formAction(
  ZUpdateUserInput,
  async (actor, input) => {
    await updateUser(actor, input)
    return { message: 'Saved.', revalidate: ['/admin/users'] }
  },
  { read: withRoles },
)

export const setUserActiveAction = formAction(ZSetUserActiveInput, async (actor, input) => {
  await setUserActive(actor, input)
  return { message: input.active ? 'User reactivated.' : 'User deactivated.', revalidate: ['/admin/users'] }
})
