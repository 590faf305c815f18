'use server'

import { formAction } from '@/lib/server/form-action'
import { createDelegation, revokeDelegation } from '@/lib/server/delegations/manage-delegations'
import { ZCreateDelegationInput, ZDelegationIdInput } from '@/lib/server/delegations/schemas'

export const createDelegationAction = formAction(ZCreateDelegationInput, async (actor, input) => {
  const { delegateName } = await createDelegation(actor, input)
  return { message: `${delegateName} will sign on your behalf.`, revalidate: ['/profile', '/admin/delegations'] }
})

export const revokeDelegationAction = formAction(ZDelegationIdInput, async (actor, input) => {
  const { delegateName } = await revokeDelegation(actor, input)
  return { message: `Revoked: ${delegateName} no longer signs in that seat.`, revalidate: ['/profile', '/admin/delegations'] }
})
