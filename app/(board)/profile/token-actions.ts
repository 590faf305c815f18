'use server'

// Kept beside actions.ts (rather than in it) so the profile's other sections
// can change independently; each action is still a formAction.
import { formAction } from '@/lib/server/form-action'
import { createOwnApiToken, revokeOwnApiToken } from '@/lib/server/users/api-tokens'
import { ZCreateApiTokenInput, ZRevokeApiTokenInput } from '@/lib/server/users/schemas'

export const createOwnTokenAction = formAction(ZCreateApiTokenInput, async (actor, input) => {
  const created = await createOwnApiToken(actor, input)
  return { message: `Token “${input.name}” created.`, reveal: created.token, revalidate: ['/profile'] }
})

export const revokeOwnTokenAction = formAction(ZRevokeApiTokenInput, async (actor, input) => {
  await revokeOwnApiToken(actor, input)
  return { message: 'Token revoked.', revalidate: ['/profile'] }
})
