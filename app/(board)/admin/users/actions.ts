'use server'

import { revalidatePath } from 'next/cache'
import { formValues, toActionState, type ActionState } from '@/lib/server/action-result'
import { requireActor } from '@/lib/server/authz'
import { createUser } from '@/lib/server/users/create-user'
import { ZCreateUserInput } from '@/lib/server/users/create-user.schema'
import { setUserActive } from '@/lib/server/users/set-user-active'
import { ZSetUserActiveInput } from '@/lib/server/users/set-user-active.schema'
import { updateUser } from '@/lib/server/users/update-user'
import { ZUpdateUserInput } from '@/lib/server/users/update-user.schema'
import { parseInput } from '@/lib/server/validation'

// Thin edges: session → zod → one use case (which checks the policy) → ActionState.

export async function createUserAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const { password: _password, ...values } = withRoles(formData)
  return toActionState(async () => {
    const actor = await requireActor({ mode: 'action' })
    const input = parseInput(ZCreateUserInput, withRoles(formData))
    await createUser(actor, input)
    revalidatePath('/admin/users')
    return { status: 'ok', message: `${input.name} can now sign in as ${input.email}.` }
  }, values)
}

export async function updateUserAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const values = withRoles(formData)
  return toActionState(async () => {
    const actor = await requireActor({ mode: 'action' })
    const input = parseInput(ZUpdateUserInput, values)
    await updateUser(actor, input)
    revalidatePath('/admin/users')
    return { status: 'ok', message: 'Saved.' }
  }, values)
}

export async function setUserActiveAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  return toActionState(async () => {
    const actor = await requireActor({ mode: 'action' })
    const input = parseInput(ZSetUserActiveInput, formValues(formData))
    await setUserActive(actor, input)
    revalidatePath('/admin/users')
    return { status: 'ok', message: input.active ? 'User reactivated.' : 'User deactivated.' }
  })
}

/** Checkbox groups arrive as 0..n values; the schema wants an array either way. */
function withRoles(formData: FormData): Record<string, string | string[]> {
  return { ...formValues(formData), roles: formData.getAll('roles').filter((v): v is string => typeof v === 'string') }
}
