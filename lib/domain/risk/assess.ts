// The risk of a change: the higher of what the rules and the questionnaire
// say, raised (never lowered) by the requester with a written reason. The
// whole assessment is kept with the change and each revision, so the change
// page can say exactly why a change is as risky as it is.
import { z } from 'zod'
import { RISK_LEVEL_LABELS, RISK_LEVELS, type RiskLevel } from '../shared/types'
import { substantiveTextProblem } from '../change-request/submission'
import { highestLevel, isAbove } from './levels'
import { scoreQuestionnaire, type QuestionnaireThresholds, type RiskAnswers, type RiskQuestion } from './questionnaire'
import { RISK_RULE_KEYS, evaluateRiskRules, type RiskFacts, type RiskRuleSettings } from './rules'

export type RiskRaise = { level: RiskLevel; reason: string }

export type RiskInput = {
  facts: RiskFacts
  rules: RiskRuleSettings
  questions: readonly RiskQuestion[]
  thresholds: QuestionnaireThresholds
  answers: RiskAnswers
  raise: RiskRaise | null
}

const ZLevel = z.enum(RISK_LEVELS)

/** The stored form (ChangeRequest.riskAssessment and each revision's content.risk). */
export const ZRiskAssessment = z.object({
  level: ZLevel,
  computedLevel: ZLevel,
  ruleLevel: ZLevel,
  fired: z.array(z.object({ rule: z.enum(RISK_RULE_KEYS), level: ZLevel, reason: z.string() })),
  questionnaire: z.object({
    score: z.number(),
    level: ZLevel,
    mediumScore: z.number(),
    highScore: z.number(),
    answers: z.array(z.object({ questionId: z.string(), text: z.string(), weight: z.number(), answer: z.boolean().nullable(), counted: z.boolean() })),
  }),
  raise: z.object({ level: ZLevel, reason: z.string() }).nullable(),
  assessedAt: z.string(),
})
export type RiskAssessment = z.infer<typeof ZRiskAssessment>

export function assessRisk(input: RiskInput): RiskAssessment {
  const fired = evaluateRiskRules(input.facts, input.rules)
  const ruleLevel = highestLevel(fired.map((f) => f.level))
  const questionnaire = scoreQuestionnaire(input.questions, input.answers, input.thresholds)
  const computedLevel = highestLevel([ruleLevel, questionnaire.level])
  // A raise can only add caution: the level is never below what was computed.
  const level = highestLevel([computedLevel, ...(input.raise ? [input.raise.level] : [])])
  return { level, computedLevel, ruleLevel, fired, questionnaire, raise: input.raise, assessedAt: input.facts.now.toISOString() }
}

/**
 * A change filed from a standard template is LOW: its risk was weighed when
 * the template's approvers approved it, so no rule or question applies to the
 * change itself (the gate still checks its window, freezes and conflicts).
 */
export function standardTemplateAssessment(thresholds: QuestionnaireThresholds, now: Date): RiskAssessment {
  const low: RiskLevel = 'LOW'
  return {
    level: low,
    computedLevel: low,
    ruleLevel: low,
    fired: [],
    questionnaire: { score: 0, level: low, mediumScore: thresholds.mediumScore, highScore: thresholds.highScore, answers: [] },
    raise: null,
    assessedAt: now.toISOString(),
  }
}

/**
 * What is wrong with the requester's raise, by field, or null. A raise below
 * the computed level would be an attempt to lower the risk: it is refused
 * rather than silently ignored, so the requester sees the level that holds.
 */
export function raiseProblems(raise: RiskRaise | null, computedLevel: RiskLevel): Partial<Record<'riskRaiseLevel' | 'riskRaiseReason', string[]>> | null {
  if (!raise) return null
  if (isAbove(computedLevel, raise.level)) {
    const computed = RISK_LEVEL_LABELS[computedLevel].toLowerCase()
    return { riskRaiseLevel: [`The computed risk is ${computed}: you may raise it, never lower it. Choose ${computed === 'high' ? 'high' : `${computed} or higher`}, or no raise.`] }
  }
  const problem = substantiveTextProblem('The reason for raising the risk', raise.reason)
  return problem ? { riskRaiseReason: [problem] } : null
}

export function parseRiskAssessment(json: unknown): RiskAssessment | null {
  const parsed = ZRiskAssessment.safeParse(json)
  return parsed.success ? parsed.data : null
}
