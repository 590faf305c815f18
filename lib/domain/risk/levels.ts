// Risk levels are ordered LOW < MEDIUM < HIGH; every combination of levels in
// the risk model is "the higher wins", so one comparison serves them all.
import { RISK_LEVELS, type RiskLevel } from '../shared/types'

export function riskRank(level: RiskLevel): number {
  return RISK_LEVELS.indexOf(level)
}

/** The highest of the levels; LOW when there are none (nothing raised the risk). */
export function highestLevel(levels: readonly RiskLevel[]): RiskLevel {
  return levels.reduce<RiskLevel>((highest, level) => (riskRank(level) > riskRank(highest) ? level : highest), 'LOW')
}

export function isAbove(level: RiskLevel, than: RiskLevel): boolean {
  return riskRank(level) > riskRank(than)
}
