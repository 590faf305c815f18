import { z } from 'zod'
import { CHANGE_TYPES, RISK_LEVELS } from '../shared/types'
import type { MaterialContent } from './material'

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
  windowStart: z.string().nullable(),
  windowEnd: z.string().nullable(),
  serviceIds: z.array(z.string()),
})

export function parseRevisionContent(json: unknown): MaterialContent | null {
  const parsed = ZMaterialContent.safeParse(json)
  return parsed.success ? parsed.data : null
}
