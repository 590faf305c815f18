import 'server-only'
import { raiseProblems, type RiskAssessment } from '@/lib/domain/risk/assess'
import type { Actor } from '@/lib/domain/shared/types'
import { assertCan } from '@/lib/server/assert-can'
import { prisma } from '@/lib/server/db'
import { isAppError } from '@/lib/server/errors'
import { loadChange } from '@/lib/server/lifecycle/change'
import { assessChangeRisk, resolveRiskAnswers } from '@/lib/server/lifecycle/risk'
import { ZChangeFields } from './schemas'

/** What the change form's live risk preview shows. */
export type RiskPreview =
  | { status: 'ok'; risk: RiskAssessment; problems: string[] }
  | { status: 'unavailable'; message: string }

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * The risk the change form's current values would get, computed exactly as a
 * save would (lib/server/lifecycle/risk.ts) but writing nothing. The form
 * still works without it: saving computes and stores the same assessment.
 */
export async function previewChangeRisk(actor: Actor, values: Record<string, string | string[]>): Promise<RiskPreview> {
  const changeId = typeof values.changeId === 'string' && UUID.test(values.changeId) ? values.changeId : null
  const change = changeId ? await loadChange(prisma, changeId) : null
  if (change) assertCan(actor, 'change:edit', change)
  else assertCan(actor, 'change:create')
  // The title plays no part in the risk; a blank one must not hide the preview.
  const parsed = ZChangeFields.safeParse({ ...values, title: 'Risk preview' })
  if (!parsed.success) return { status: 'unavailable', message: 'The risk is worked out again once the window and the other fields are valid.' }
  const fields = parsed.data
  try {
    const riskAnswers = await resolveRiskAnswers(prisma, change?.riskAnswers ?? {}, fields.riskAnswers)
    const risk = await assessChangeRisk(prisma, { id: change?.id ?? null, ...fields, riskAnswers }, new Date())
    return { status: 'ok', risk, problems: Object.values(raiseProblems(risk.raise, risk.computedLevel) ?? {}).flat() }
  } catch (error) {
    if (isAppError(error)) return { status: 'unavailable', message: error.details.fieldErrors?.riskAnswers?.[0] ?? error.message }
    throw error
  }
}
