'use server'

import { ZTemplateProposal } from '@/lib/domain/template/template'
import { formAction } from '@/lib/server/form-action'
import { proposeTemplate } from '@/lib/server/templates/propose-template'
import { reactivateTemplate } from '@/lib/server/templates/reactivate-template'
import { ZReactivateTemplateInput, ZSignTemplateInput } from '@/lib/server/templates/schemas'
import { signTemplateVersion } from '@/lib/server/templates/sign-template'

export const proposeTemplateAction = formAction(ZTemplateProposal, async (actor, input) => {
  const proposed = await proposeTemplate(actor, input)
  return { message: `Version ${proposed.version} of "${input.name}" is proposed for approval.`, revalidate: ['/templates'], redirect: '/templates' }
})

export const signTemplateAction = formAction(ZSignTemplateInput, async (actor, input) => {
  const { versionStatus } = await signTemplateVersion(actor, input)
  const message =
    versionStatus === 'APPROVED' ? 'Signed. The version is approved and in force.' : versionStatus === 'REJECTED' ? 'Signed. The version is rejected.' : 'Signed. Waiting for the other approvers.'
  return { message, revalidate: ['/templates'] }
})

export const reactivateTemplateAction = formAction(ZReactivateTemplateInput, async (actor, input) => {
  await reactivateTemplate(actor, input)
  return { message: 'Reviewed and reactivated.', revalidate: ['/templates'] }
})
