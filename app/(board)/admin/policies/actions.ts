'use server'

import { formAction } from '@/lib/server/form-action'
import { createPolicy, savePolicyRules, setPolicyActive } from '@/lib/server/approval-policies/manage-policies'
import { ZCreatePolicyInput, ZPolicyIdInput, ZSavePolicyRulesInput } from '@/lib/server/approval-policies/schemas'

const LIST = '/admin/policies'

export const createPolicyAction = formAction(ZCreatePolicyInput, async (actor, input) => {
  const policy = await createPolicy(actor, input)
  return { message: `Policy ${input.name} created.`, revalidate: [LIST], redirect: `${LIST}/${policy.id}` }
})

export const savePolicyRulesAction = formAction(ZSavePolicyRulesInput, async (actor, input) => {
  const { version } = await savePolicyRules(actor, input)
  return { message: `Saved as version ${version}.`, revalidate: [LIST, `${LIST}/${input.policyId}`, '/admin/approver-groups'] }
})

export const deactivatePolicyAction = formAction(ZPolicyIdInput, async (actor, input) => {
  const { name } = await setPolicyActive(actor, input, false)
  return { message: `${name} deactivated.`, revalidate: [LIST, `${LIST}/${input.policyId}`, '/admin/approver-groups'] }
})

export const activatePolicyAction = formAction(ZPolicyIdInput, async (actor, input) => {
  const { name } = await setPolicyActive(actor, input, true)
  return { message: `${name} activated.`, revalidate: [LIST, `${LIST}/${input.policyId}`, '/admin/approver-groups'] }
})
