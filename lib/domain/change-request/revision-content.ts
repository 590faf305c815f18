import { z } from 'zod'
import { CHANGE_TYPES, RISK_LEVELS } from '../shared/types'
import type { MaterialContent } from './material'
import { parseRiskAssessment, type RiskAssessment } from '../risk/assess'

// ChangeRevision.content is JSON written by the change-request use cases; read
// it back strictly typed, and treat anything else as "no snapshot".
const ZMaterialContent = z.object({
  purpose: z.string(),
  currentState: z.string(),
  futureState: z.string(),
  implementationPlan: z.string(),
  rollbackPlan: z.string(),
  monitoringPlan: z.string(),
  testEvidence: z.string(),
  communicationPlan: z.string(),
  impactDescription: z.string(),
  type: z.enum(CHANGE_TYPES),
  riskLevel: z.enum(RISK_LEVELS),
  riskAnswers: z.record(z.string(), z.boolean()).optional(),
  riskRaise: z.object({ level: z.enum(RISK_LEVELS), reason: z.string() }).nullable().optional(),
  windowStart: z.string().nullable(),
  windowEnd: z.string().nullable(),
  serviceIds: z.array(z.string()),
})

/**
 * A revision's risk assessment, kept in its content under `risk` beside the
 * material fields (not hashed: see docs/decisions/0012). Null for revisions
 * written before risk was computed.
 */
export function parseRevisionRisk(json: unknown): RiskAssessment | null {
  if (json === null || typeof json !== 'object' || !('risk' in json)) return null
  return parseRiskAssessment(json.risk)
}

/** What a revision's content JSON holds: the material fields and the risk assessment made with them. */
export function revisionContentOf(material: MaterialContent, risk: RiskAssessment | null): MaterialContent & { risk?: RiskAssessment } {
  return risk ? { ...material, risk } : material
}

export function parseRevisionContent(json: unknown): MaterialContent | null {
  const parsed = ZMaterialContent.safeParse(json)
  return parsed.success ? parsed.data : null
}
