'use server'

import { formAction, formValues } from '@/lib/server/form-action'
import { createServiceAccount, createServiceAccountToken, revokeServiceAccountToken } from '@/lib/server/users/api-tokens'
import { ZCreateServiceAccountInput, ZCreateServiceTokenInput, ZRevokeServiceTokenInput } from '@/lib/server/users/schemas'

export const createServiceAccountAction = formAction(
  ZCreateServiceAccountInput,
  async (actor, input) => {
    const { id } = await createServiceAccount(actor, input)
    return { message: `Service account “${input.name}” created.`, revalidate: ['/admin/users'], redirect: `/admin/users/${id}` }
  },
  { read: (formData) => ({ ...formValues(formData), roles: formData.getAll('roles').filter((v): v is string => typeof v === 'string') }) },
)

export const createServiceTokenAction = formAction(ZCreateServiceTokenInput, async (actor, input) => {
  const created = await createServiceAccountToken(actor, input)
  return { message: `Token “${input.name}” created.`, reveal: created.token, revalidate: [`/admin/users/${input.userId}`] }
})

export const revokeServiceTokenAction = formAction(ZRevokeServiceTokenInput, async (actor, input) => {
  await revokeServiceAccountToken(actor, input)
  return { message: 'Token revoked.', revalidate: [`/admin/users/${input.userId}`] }
})
