// The risk rules: each looks at one fact about a change, and when it fires it
// raises the risk to its configured level and says why in a sentence. Admins
// edit each rule's threshold, level and whether it is on (RiskRule rows); the
// defaults below are what a new install starts with (the migration inserts
// the same values) and what a missing row falls back to.
import type { Interval } from '../freeze/overlap'
import { isPlaceholderText, nonSpaceLength } from '../change-request/submission'
import type { RiskLevel } from '../shared/types'
import { describeMaintenanceWindow, fitsMaintenanceWindow, type MaintenanceWindow } from './maintenance-window'

export const SERVICE_CRITICALITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] as const
export type ServiceCriticality = (typeof SERVICE_CRITICALITIES)[number]

export const RISK_RULE_KEYS = [
  'CRITICAL_SERVICE',
  'MANY_SERVICES',
  'SHORT_LEAD_TIME',
  'OUTSIDE_MAINTENANCE_WINDOW',
  'SOFT_FREEZE',
  'RECENT_FAILURE',
  'NO_TEST_EVIDENCE',
  'OVERLAPPING_CHANGE',
] as const
export type RiskRuleKey = (typeof RISK_RULE_KEYS)[number]

export type RiskRuleSetting = { enabled: boolean; threshold: number | null; level: RiskLevel }
export type RiskRuleSettings = Readonly<Record<RiskRuleKey, RiskRuleSetting>>

type ThresholdDefinition = { label: string; unit: string; min: number; max: number }
type RuleDefinition = { label: string; threshold: ThresholdDefinition | null; defaults: RiskRuleSetting }

export const RISK_RULES: Readonly<Record<RiskRuleKey, RuleDefinition>> = {
  CRITICAL_SERVICE: { label: 'A critical service is affected', threshold: null, defaults: { enabled: true, threshold: null, level: 'HIGH' } },
  MANY_SERVICES: {
    label: 'Many services are affected',
    threshold: { label: 'Number of services', unit: 'services', min: 2, max: 100 },
    defaults: { enabled: true, threshold: 3, level: 'MEDIUM' },
  },
  SHORT_LEAD_TIME: {
    label: 'Short lead time',
    threshold: { label: 'Minimum lead time', unit: 'hours', min: 1, max: 24 * 90 },
    defaults: { enabled: true, threshold: 48, level: 'MEDIUM' },
  },
  OUTSIDE_MAINTENANCE_WINDOW: {
    label: 'Outside a service’s maintenance window',
    threshold: null,
    defaults: { enabled: true, threshold: null, level: 'MEDIUM' },
  },
  SOFT_FREEZE: { label: 'Inside a soft freeze', threshold: null, defaults: { enabled: true, threshold: null, level: 'HIGH' } },
  RECENT_FAILURE: {
    label: 'The last change on a service failed',
    threshold: { label: 'Look back', unit: 'days', min: 1, max: 365 },
    defaults: { enabled: true, threshold: 30, level: 'HIGH' },
  },
  NO_TEST_EVIDENCE: {
    label: 'No test evidence',
    threshold: { label: 'Minimum length', unit: 'characters', min: 1, max: 1000 },
    defaults: { enabled: true, threshold: 20, level: 'MEDIUM' },
  },
  OVERLAPPING_CHANGE: {
    label: 'Another change overlaps on the same service',
    threshold: null,
    defaults: { enabled: true, threshold: null, level: 'MEDIUM' },
  },
}

export const DEFAULT_RULE_SETTINGS: RiskRuleSettings = Object.fromEntries(
  RISK_RULE_KEYS.map((key) => [key, RISK_RULES[key].defaults]),
) as Record<RiskRuleKey, RiskRuleSetting>

/** Stored rows over the defaults: a rule without a row keeps its default (never silently off). */
export function ruleSettingsFrom(rows: readonly ({ key: RiskRuleKey } & RiskRuleSetting)[]): RiskRuleSettings {
  const settings: Record<RiskRuleKey, RiskRuleSetting> = { ...DEFAULT_RULE_SETTINGS }
  for (const { key, ...setting } of rows) settings[key] = setting
  return settings
}

export type RiskService = { id: string; name: string; criticality: ServiceCriticality; maintenanceWindow: MaintenanceWindow | null }
export type LastOutcome = { serviceName: string; changeNumber: string; outcome: 'COMPLETED' | 'FAILED' | 'ROLLED_BACK'; finishedAt: Date }

/** What the rules look at: the change as typed, plus what the server found around it. */
export type RiskFacts = {
  /** Submission time, or now while drafting: lead time counts from here. */
  now: Date
  /** The change window, only when well-formed. */
  window: Interval | null
  testEvidence: string
  services: readonly RiskService[]
  /** SOFT freezes in scope that the window overlaps. */
  softFreezes: readonly { name: string }[]
  /** The last finished change on each affected service (other than this one). */
  lastOutcomes: readonly LastOutcome[]
  /** Other changes sharing a service in an overlapping window. */
  overlaps: readonly { changeNumber: string; serviceNames: readonly string[] }[]
}

export type FiredRule = { rule: RiskRuleKey; level: RiskLevel; reason: string }

const HOUR = 3_600_000
const DAY = 24 * HOUR

const names = (items: readonly string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

/** Why each rule fires for these facts (null: it does not), before settings pick which count. */
const CHECKS: Readonly<Record<RiskRuleKey, (facts: RiskFacts, threshold: number) => string | null>> = {
  CRITICAL_SERVICE: (facts) => {
    const critical = facts.services.filter((s) => s.criticality === 'CRITICAL').map((s) => s.name)
    if (critical.length === 0) return null
    return critical.length === 1 ? `${critical[0]} is a critical service.` : `${names(critical)} are critical services.`
  },
  MANY_SERVICES: (facts, threshold) =>
    facts.services.length >= threshold
      ? `The change affects ${plural(facts.services.length, 'service')}; ${threshold} or more raise the risk.`
      : null,
  SHORT_LEAD_TIME: (facts, threshold) => {
    if (!facts.window) return null
    const lead = facts.window.start.getTime() - facts.now.getTime()
    if (lead >= threshold * HOUR) return null
    const notice = `changes need at least ${plural(threshold, 'hour')} of notice`
    if (lead <= 0) return `The window has already started; ${notice}.`
    const hours = Math.floor(lead / HOUR)
    return `The window starts in ${hours < 1 ? 'less than an hour' : plural(hours, 'hour')}; ${notice}.`
  },
  OUTSIDE_MAINTENANCE_WINDOW: (facts) => {
    const window = facts.window
    if (!window) return null
    const outside = facts.services.filter((s) => s.maintenanceWindow && !fitsMaintenanceWindow(s.maintenanceWindow, window))
    if (outside.length === 0) return null
    return `The window falls outside the maintenance window of ${names(outside.map((s) => `${s.name} (${describeMaintenanceWindow(s.maintenanceWindow as MaintenanceWindow)})`))}.`
  },
  SOFT_FREEZE: (facts) => {
    const freezes = [...new Set(facts.softFreezes.map((f) => `“${f.name}”`))]
    if (freezes.length === 0) return null
    return `The window falls inside the soft freeze${freezes.length > 1 ? 's' : ''} ${names(freezes)}.`
  },
  RECENT_FAILURE: (facts, threshold) => {
    const since = facts.now.getTime() - threshold * DAY
    const failed = facts.lastOutcomes.filter((o) => o.outcome !== 'COMPLETED' && o.finishedAt.getTime() >= since)
    if (failed.length === 0) return null
    const each = failed.map((o) => `on ${o.serviceName}, ${o.changeNumber}, ${o.outcome === 'FAILED' ? 'failed' : 'was rolled back'}`)
    return `The last change ${names(each)} within the last ${plural(threshold, 'day')}.`
  },
  NO_TEST_EVIDENCE: (facts, threshold) => {
    const evidence = facts.testEvidence.trim()
    if (evidence === '' || isPlaceholderText(evidence)) return 'No test evidence is given.'
    const length = nonSpaceLength(evidence)
    return length < threshold ? `The test evidence is only ${plural(length, 'character')} long; at least ${threshold} are expected.` : null
  },
  OVERLAPPING_CHANGE: (facts) => {
    if (facts.overlaps.length === 0) return null
    const each = facts.overlaps.map((o) => `${o.changeNumber} (${names([...o.serviceNames])})`)
    return `${names(each)} ${facts.overlaps.length === 1 ? 'overlaps' : 'overlap'} the window on the same service.`
  },
}

/** Every enabled rule that fires, in the fixed rule order, each with its level and reason. */
export function evaluateRiskRules(facts: RiskFacts, settings: RiskRuleSettings): FiredRule[] {
  const fired: FiredRule[] = []
  for (const rule of RISK_RULE_KEYS) {
    const setting = settings[rule]
    if (!setting.enabled) continue
    const reason = CHECKS[rule](facts, setting.threshold ?? RISK_RULES[rule].defaults.threshold ?? 0)
    if (reason !== null) fired.push({ rule, level: setting.level, reason })
  }
  return fired
}

