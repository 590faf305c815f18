// Material content: the fields a sign-off approves. Changing any of them after
// submission creates a new revision and makes earlier sign-offs stale.
// The title is deliberately NOT material: retitling does not change what is done.
import type { ChangeType, RiskLevel } from '../shared/types'
import { CHANGE_TYPE_LABELS, RISK_LEVEL_LABELS } from '../shared/types'

export type MaterialContent = {
  purpose: string
  currentState: string
  futureState: string
  implementationPlan: string
  rollbackPlan: string
  monitoringPlan: string
  testEvidence: string
  communicationPlan: string
  impactDescription: string
  type: ChangeType
  riskLevel: RiskLevel
  /**
   * The requester's risk questionnaire answers (question id → yes) and raise.
   * Optional so that content written before issue 13 keeps its fingerprint:
   * empty answers and no raise are left out of the hash (normalizeMaterial).
   */
  riskAnswers?: Record<string, boolean>
  riskRaise?: { level: RiskLevel; reason: string } | null
  /** ISO-8601 UTC with milliseconds, e.g. 2026-03-29T01:30:00.000Z */
  windowStart: string | null
  windowEnd: string | null
  serviceIds: string[]
}

export type MaterialField = keyof MaterialContent

export const MATERIAL_TEXT_FIELDS = [
  'purpose',
  'currentState',
  'futureState',
  'implementationPlan',
  'rollbackPlan',
  'monitoringPlan',
  'testEvidence',
  'communicationPlan',
  'impactDescription',
] as const satisfies readonly MaterialField[]
export type MaterialTextField = (typeof MATERIAL_TEXT_FIELDS)[number]

/** Every material field in display order (the order of the change form). */
export const MATERIAL_FIELDS = [
  'type',
  'riskLevel',
  'riskAnswers',
  'riskRaise',
  ...MATERIAL_TEXT_FIELDS,
  'windowStart',
  'windowEnd',
  'serviceIds',
] as const satisfies readonly MaterialField[]

export const MATERIAL_FIELD_LABELS: Readonly<Record<MaterialField, string>> = {
  purpose: 'Purpose',
  currentState: 'Current state',
  futureState: 'Future state',
  implementationPlan: 'Implementation plan',
  rollbackPlan: 'Rollback plan',
  monitoringPlan: 'Monitoring plan',
  testEvidence: 'Test and validation evidence',
  communicationPlan: 'Communication plan',
  impactDescription: 'Impact',
  type: 'Change type',
  riskLevel: 'Risk level',
  riskAnswers: 'Risk questionnaire',
  riskRaise: 'Risk raised by the requester',
  windowStart: 'Window start',
  windowEnd: 'Window end',
  serviceIds: 'Affected services',
}

/** What a change row (Prisma or form) looks like: windows may be Dates. */
export type MaterialSource = Omit<MaterialContent, 'windowStart' | 'windowEnd' | 'serviceIds'> & {
  windowStart: Date | string | null
  windowEnd: Date | string | null
  serviceIds: readonly string[]
}

/** Converts a date to the canonical ISO ms UTC string; an unparseable string is kept as typed. */
export function toIsoOrNull(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null
  const date = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(date.getTime())) return typeof value === 'string' ? value.trim() : null
  return date.toISOString()
}

/** Picks exactly the material fields (extra properties such as title or id are dropped). */
export function toMaterialContent(source: MaterialSource): MaterialContent {
  return {
    purpose: source.purpose,
    currentState: source.currentState,
    futureState: source.futureState,
    implementationPlan: source.implementationPlan,
    rollbackPlan: source.rollbackPlan,
    monitoringPlan: source.monitoringPlan,
    testEvidence: source.testEvidence,
    communicationPlan: source.communicationPlan,
    impactDescription: source.impactDescription,
    type: source.type,
    riskLevel: source.riskLevel,
    riskAnswers: source.riskAnswers ? { ...source.riskAnswers } : undefined,
    riskRaise: source.riskRaise ? { ...source.riskRaise } : undefined,
    windowStart: toIsoOrNull(source.windowStart),
    windowEnd: toIsoOrNull(source.windowEnd),
    serviceIds: [...source.serviceIds],
  }
}

/** Human rendering of one field's value, used by the revision diff. */
export function displayMaterialValue(
  field: MaterialField,
  content: MaterialContent,
  serviceName: (id: string) => string = (id) => id,
): string {
  switch (field) {
    case 'type':
      return CHANGE_TYPE_LABELS[content.type] ?? content.type
    case 'riskLevel':
      return RISK_LEVEL_LABELS[content.riskLevel] ?? content.riskLevel
    case 'riskAnswers': {
      const answers = Object.values(content.riskAnswers ?? {})
      if (answers.length === 0) return '(not answered)'
      const yes = answers.filter(Boolean).length
      return `${answers.length} answered: ${yes} yes, ${answers.length - yes} no`
    }
    case 'riskRaise':
      return content.riskRaise ? `${RISK_LEVEL_LABELS[content.riskRaise.level]}: ${content.riskRaise.reason}` : '(none)'
    case 'windowStart':
    case 'windowEnd':
      return content[field] ?? '(not set)'
    case 'serviceIds':
      return content.serviceIds.length === 0 ? '(none)' : content.serviceIds.map(serviceName).join(', ')
    default:
      return content[field]
  }
}
