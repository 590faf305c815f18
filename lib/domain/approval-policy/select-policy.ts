// Which policy governs a change: EMERGENCY changes the active emergency
// policy; the rest by risk level and the highest criticality among the
// affected services, the most specific active match first. No match: the
// caller falls back to DEFAULT_RULES (every owner signs), today's behaviour.
import type { ChangeType, RiskLevel } from '../shared/types'

export const CRITICALITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] as const
export type Criticality = (typeof CRITICALITIES)[number]

export type PolicyCandidate = {
  name: string
  active: boolean
  changeType: ChangeType | null
  riskLevel: RiskLevel | null
  criticality: Criticality | null
}

/** CRITICAL beats HIGH beats MEDIUM beats LOW; null without services. */
export function highestCriticality(levels: readonly Criticality[]): Criticality | null {
  return CRITICALITIES.find((c) => levels.includes(c)) ?? null
}

export function selectPolicy<P extends PolicyCandidate>(
  policies: readonly P[],
  change: { type: ChangeType; riskLevel: RiskLevel; criticalities: readonly Criticality[] },
): P | null {
  const active = [...policies].filter((p) => p.active).sort((a, b) => a.name.localeCompare(b.name))
  if (change.type === 'EMERGENCY') {
    const emergency = active.find((p) => p.changeType === 'EMERGENCY')
    if (emergency) return emergency
  }
  const criticality = highestCriticality(change.criticalities)
  const byRisk = active.filter((p) => p.changeType === null && p.riskLevel === change.riskLevel)
  return (
    (criticality === null ? undefined : byRisk.find((p) => p.criticality === criticality)) ??
    byRisk.find((p) => p.criticality === null) ??
    null
  )
}
