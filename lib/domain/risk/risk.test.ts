import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { RISK_LEVELS, type RiskLevel } from '../shared/types'
import { assessRisk, parseRiskAssessment, raiseProblems, type RiskInput } from './assess'
import { highestLevel, riskRank } from './levels'
import { DEFAULT_QUESTIONNAIRE_THRESHOLDS, scoreQuestionnaire, type RiskQuestion } from './questionnaire'
import { DEFAULT_RULE_SETTINGS, RISK_RULE_KEYS, SERVICE_CRITICALITIES, evaluateRiskRules, ruleSettingsFrom, type RiskFacts, type RiskRuleKey, type RiskRuleSettings } from './rules'

const NOW = new Date('2026-12-01T12:00:00Z')
const DAY = 86_400_000

const facts = (overrides: Partial<RiskFacts> = {}): RiskFacts => ({
  now: NOW,
  window: { start: new Date(NOW.getTime() + 7 * DAY), end: new Date(NOW.getTime() + 7 * DAY + 2 * 3_600_000) },
  testEvidence: 'Rehearsed on staging on 2026-11-20; all checks green.',
  services: [{ id: 's1', name: 'Payments', criticality: 'MEDIUM', maintenanceWindow: null }],
  softFreezes: [],
  lastOutcomes: [],
  overlaps: [],
  ...overrides,
})

const fired = (f: RiskFacts, settings: RiskRuleSettings = DEFAULT_RULE_SETTINGS) => evaluateRiskRules(f, settings)
const only = (f: RiskFacts) => fired(f).map((r) => r.rule)

const QUESTIONS: RiskQuestion[] = [
  { id: 'reversible', text: 'Can the change be reversed within the window?', weight: 25, riskyAnswer: false },
  { id: 'outage', text: 'Will users notice an outage?', weight: 20, riskyAnswer: true },
  { id: 'done-before', text: 'Has this been done before?', weight: 15, riskyAnswer: false },
]
const SAFE = { reversible: true, outage: false, 'done-before': true }

const input = (overrides: Partial<RiskInput> = {}): RiskInput => ({
  facts: facts(),
  rules: DEFAULT_RULE_SETTINGS,
  questions: QUESTIONS,
  thresholds: DEFAULT_QUESTIONNAIRE_THRESHOLDS,
  answers: SAFE,
  raise: null,
  ...overrides,
})

describe('risk rules', () => {
  it('fire nothing for a routine, well-prepared change', () => {
    expect(fired(facts())).toEqual([])
  })

  it('a critical service raises to its level and names the service', () => {
    const result = fired(facts({ services: [{ id: 's1', name: 'Payments', criticality: 'CRITICAL', maintenanceWindow: null }] }))
    expect(result).toEqual([{ rule: 'CRITICAL_SERVICE', level: 'HIGH', reason: 'Payments is a critical service.' }])
  })

  it('N or more services fire, fewer do not', () => {
    const services = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `s${i}`, name: `S${i}`, criticality: 'LOW' as const, maintenanceWindow: null }))
    expect(only(facts({ services: services(2) }))).toEqual([])
    expect(fired(facts({ services: services(3) }))[0]?.reason).toBe('The change affects 3 services; 3 or more raise the risk.')
  })

  it('lead time under the minimum fires, measured from now', () => {
    const window = (hours: number) => ({ start: new Date(NOW.getTime() + hours * 3_600_000), end: new Date(NOW.getTime() + (hours + 1) * 3_600_000) })
    expect(only(facts({ window: window(48) }))).toEqual([])
    expect(fired(facts({ window: window(47.5) }))[0]?.reason).toBe('The window starts in 47 hours; changes need at least 48 hours of notice.')
    expect(fired(facts({ window: window(-1) }))[0]?.reason).toBe('The window has already started; changes need at least 48 hours of notice.')
    expect(only(facts({ window: null }))).toEqual([])
  })

  it('a window outside a service’s maintenance window fires; inside does not', () => {
    const maintenanceWindow = { days: [2], startMinute: 0, endMinute: 24 * 60 - 1, timeZone: 'UTC' }
    // NOW + 7 days is Tuesday 2026-12-08.
    expect(only(facts({ services: [{ id: 's1', name: 'Payments', criticality: 'LOW', maintenanceWindow }] }))).toEqual([])
    const monday = { ...maintenanceWindow, days: [1] }
    expect(fired(facts({ services: [{ id: 's1', name: 'Payments', criticality: 'LOW', maintenanceWindow: monday }] }))[0]?.reason).toBe(
      'The window falls outside the maintenance window of Payments (Mon 00:00–23:59 (UTC)).',
    )
  })

  it('a soft freeze fires with its name', () => {
    expect(fired(facts({ softFreezes: [{ name: 'Quarter end' }, { name: 'Quarter end' }] }))[0]?.reason).toBe('The window falls inside the soft freeze “Quarter end”.')
  })

  it('a failed or rolled-back last change fires within N days, not before, and a success does not', () => {
    const outcome = (daysAgo: number, result: 'COMPLETED' | 'FAILED' | 'ROLLED_BACK') => ({
      serviceName: 'Payments',
      changeNumber: 'CHG-000012',
      outcome: result,
      finishedAt: new Date(NOW.getTime() - daysAgo * DAY),
    })
    expect(fired(facts({ lastOutcomes: [outcome(29, 'ROLLED_BACK')] }))[0]?.reason).toBe(
      'The last change on Payments, CHG-000012, was rolled back within the last 30 days.',
    )
    expect(only(facts({ lastOutcomes: [outcome(2, 'FAILED')] }))).toEqual(['RECENT_FAILURE'])
    expect(only(facts({ lastOutcomes: [outcome(31, 'FAILED')] }))).toEqual([])
    expect(only(facts({ lastOutcomes: [outcome(1, 'COMPLETED')] }))).toEqual([])
  })

  it('missing, placeholder or trivially short test evidence fires', () => {
    expect(fired(facts({ testEvidence: '' }))[0]?.reason).toBe('No test evidence is given.')
    expect(fired(facts({ testEvidence: ' N/A ' }))[0]?.reason).toBe('No test evidence is given.')
    expect(fired(facts({ testEvidence: 'it works' }))[0]?.reason).toBe('The test evidence is only 7 characters long; at least 20 are expected.')
  })

  it('an overlapping change on the same service fires', () => {
    expect(fired(facts({ overlaps: [{ changeNumber: 'CHG-000014', serviceNames: ['Payments'] }] }))[0]?.reason).toBe(
      'CHG-000014 (Payments) overlaps the window on the same service.',
    )
  })

  it('use the admin’s threshold and level, and a disabled rule never fires', () => {
    const settings = ruleSettingsFrom([{ key: 'NO_TEST_EVIDENCE', enabled: true, threshold: 5, level: 'HIGH' }])
    expect(fired(facts({ testEvidence: 'it works' }), settings)).toEqual([])
    expect(fired(facts({ testEvidence: '' }), settings)[0]?.level).toBe('HIGH')
    const off = ruleSettingsFrom([{ key: 'NO_TEST_EVIDENCE', enabled: false, threshold: 20, level: 'HIGH' }])
    expect(fired(facts({ testEvidence: '' }), off)).toEqual([])
    // A rule with no stored row keeps its default rather than switching off.
    expect(off.CRITICAL_SERVICE).toEqual(DEFAULT_RULE_SETTINGS.CRITICAL_SERVICE)
  })
})

describe('questionnaire', () => {
  it('sums the weights of risky answers and compares with the thresholds', () => {
    expect(scoreQuestionnaire(QUESTIONS, SAFE, { mediumScore: 30, highScore: 60 })).toMatchObject({ score: 0, level: 'LOW' })
    expect(scoreQuestionnaire(QUESTIONS, { ...SAFE, reversible: false }, { mediumScore: 25, highScore: 60 })).toMatchObject({ score: 25, level: 'MEDIUM' })
    expect(scoreQuestionnaire(QUESTIONS, { reversible: false, outage: true, 'done-before': true }, { mediumScore: 30, highScore: 45 })).toMatchObject({ score: 45, level: 'HIGH' })
  })

  it('counts an unanswered question as answered the risky way', () => {
    const result = scoreQuestionnaire(QUESTIONS, { reversible: true }, DEFAULT_QUESTIONNAIRE_THRESHOLDS)
    expect(result.score).toBe(35)
    expect(result.answers.map((a) => [a.questionId, a.answer, a.counted])).toEqual([
      ['reversible', true, false],
      ['outage', null, true],
      ['done-before', null, true],
    ])
  })
})

describe('assessRisk', () => {
  it('takes the higher of rules and questionnaire', () => {
    expect(assessRisk(input()).level).toBe('LOW')
    expect(assessRisk(input({ answers: {} }))).toMatchObject({ ruleLevel: 'LOW', computedLevel: 'HIGH', level: 'HIGH' })
    expect(assessRisk(input({ facts: facts({ testEvidence: '' }) }))).toMatchObject({ ruleLevel: 'MEDIUM', computedLevel: 'MEDIUM' })
  })

  it('lets the requester raise the level with a reason', () => {
    const raise = { level: 'HIGH' as const, reason: 'First upgrade of this cluster since the migration.' }
    const result = assessRisk(input({ raise }))
    expect(result).toMatchObject({ computedLevel: 'LOW', level: 'HIGH', raise })
    expect(raiseProblems(raise, result.computedLevel)).toBeNull()
    expect(parseRiskAssessment(JSON.parse(JSON.stringify(result)))).toEqual(result)
  })

  it('refuses a raise below the computed level, and one without a real reason', () => {
    expect(raiseProblems({ level: 'LOW', reason: 'We have done this many times.' }, 'MEDIUM')?.riskRaiseLevel?.[0]).toMatch(/never lower it/)
    expect(raiseProblems({ level: 'HIGH', reason: 'n/a' }, 'MEDIUM')?.riskRaiseReason).toHaveLength(1)
    expect(raiseProblems(null, 'HIGH')).toBeNull()
  })

  const arbLevel = fc.constantFrom<RiskLevel>(...RISK_LEVELS)
  const arbSetting = fc.record({ enabled: fc.boolean(), threshold: fc.integer({ min: 1, max: 100 }), level: arbLevel })
  const arbSettings = fc.record(Object.fromEntries(RISK_RULE_KEYS.map((k) => [k, arbSetting])) as Record<RiskRuleKey, typeof arbSetting>)
  const arbFacts = fc.record({
    critical: fc.boolean(),
    services: fc.integer({ min: 1, max: 6 }),
    leadHours: fc.integer({ min: -10, max: 400 }),
    evidence: fc.constantFrom('', 'short', 'Rehearsed on staging with the full suite green.'),
    soft: fc.boolean(),
    failedDaysAgo: fc.option(fc.integer({ min: 0, max: 100 })),
    overlap: fc.boolean(),
  }).map((f): RiskFacts => ({
    now: NOW,
    window: { start: new Date(NOW.getTime() + f.leadHours * 3_600_000), end: new Date(NOW.getTime() + (f.leadHours + 2) * 3_600_000) },
    testEvidence: f.evidence,
    services: Array.from({ length: f.services }, (_, i) => ({ id: `s${i}`, name: `S${i}`, criticality: i === 0 && f.critical ? 'CRITICAL' : 'LOW', maintenanceWindow: null })),
    softFreezes: f.soft ? [{ name: 'Soft' }] : [],
    lastOutcomes: f.failedDaysAgo === null ? [] : [{ serviceName: 'S0', changeNumber: 'CHG-000001', outcome: 'FAILED', finishedAt: new Date(NOW.getTime() - f.failedDaysAgo * DAY) }],
    overlaps: f.overlap ? [{ changeNumber: 'CHG-000002', serviceNames: ['S0'] }] : [],
  }))
  const arbAnswers = fc.record({ reversible: fc.boolean(), outage: fc.boolean(), 'done-before': fc.boolean() }, { requiredKeys: [] })

  it('is never below any fired rule or the questionnaire (property)', () => {
    fc.assert(
      fc.property(arbFacts, arbSettings, arbAnswers, (f, rules, answers) => {
        const result = assessRisk(input({ facts: f, rules, answers }))
        for (const rule of result.fired) expect(riskRank(result.level)).toBeGreaterThanOrEqual(riskRank(rule.level))
        expect(riskRank(result.level)).toBeGreaterThanOrEqual(riskRank(result.questionnaire.level))
      }),
    )
  })

  it('never goes down when a raise is added (property)', () => {
    fc.assert(
      fc.property(arbFacts, arbSettings, arbAnswers, arbLevel, (f, rules, answers, level) => {
        const without = assessRisk(input({ facts: f, rules, answers }))
        const raised = assessRisk(input({ facts: f, rules, answers, raise: { level, reason: 'A reason that is long enough.' } }))
        expect(raised.level).toBe(highestLevel([without.level, level]))
        expect(raised.computedLevel).toBe(without.computedLevel)
      }),
    )
  })

  it('never goes down when another rule is switched on, or an answer turns risky (property)', () => {
    fc.assert(
      fc.property(arbFacts, arbSettings, fc.constantFrom(...RISK_RULE_KEYS), arbAnswers, fc.constantFrom(...QUESTIONS), (f, rules, key, answers, question) => {
        const off = { ...rules, [key]: { ...rules[key], enabled: false } }
        const on = { ...rules, [key]: { ...rules[key], enabled: true } }
        expect(riskRank(assessRisk(input({ facts: f, rules: on, answers })).level)).toBeGreaterThanOrEqual(riskRank(assessRisk(input({ facts: f, rules: off, answers })).level))
        const risky = { ...answers, [question.id]: question.riskyAnswer }
        expect(riskRank(assessRisk(input({ facts: f, rules, answers: risky })).level)).toBeGreaterThanOrEqual(riskRank(assessRisk(input({ facts: f, rules, answers })).level))
      }),
    )
  })
})

describe('enums', () => {
  const schema = readFileSync(fileURLToPath(new URL('../../../prisma/schema.prisma', import.meta.url)), 'utf8')
  const prismaEnum = (name: string) =>
    (new RegExp(`enum ${name} \\{([^}]*)\\}`).exec(schema)?.[1] ?? '').split('\n').map((l) => l.replace(/\/\/.*/, '').trim()).filter(Boolean)
  it.each([
    ['ServiceCriticality', SERVICE_CRITICALITIES],
    ['RiskRuleKey', RISK_RULE_KEYS],
  ] as const)('%s equals the Prisma enum', (name, values) => {
    expect(prismaEnum(name)).toEqual([...values])
  })
})
