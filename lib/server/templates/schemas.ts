import { z } from 'zod'
import { SIGN_OFF_DECISIONS } from '@/lib/domain/shared/types'
import { LIMITS } from '@/lib/domain/shared/limits'

// Input schemas of lib/server/templates (the proposal itself is the domain's ZTemplateProposal).

export const ZSignTemplateInput = z.object({
  versionId: z.uuid('Unknown template version.'),
  decision: z.enum(SIGN_OFF_DECISIONS, { error: 'Choose approve or reject.' }),
  statement: z.string({ error: 'Write a statement.' }).max(LIMITS.statement, `Keep the statement under ${LIMITS.statement} characters.`),
  signature: z.string({ error: 'Type your full name as your signature.' }).max(LIMITS.signature),
})
export type TSignTemplateInput = z.infer<typeof ZSignTemplateInput>

export const ZReactivateTemplateInput = z.object({
  templateId: z.uuid('Unknown template.'),
  reason: z.string({ error: 'Write what you reviewed.' }).trim().max(LIMITS.comment, `Keep the reason under ${LIMITS.comment} characters.`),
})
export type TReactivateTemplateInput = z.infer<typeof ZReactivateTemplateInput>
