import { z } from 'zod'
import { RISK_RULE_KEYS } from '@/lib/domain/risk/rules'
import { RISK_LEVELS } from '@/lib/domain/shared/types'

// The input schemas of lib/server/risk (the /admin/risk forms).

const checkbox = z.preprocess((value) => value === true || value === 'on' || value === 'true', z.boolean())
const blankToNull = (value: unknown) => (value === '' || value === undefined ? null : value)
const wholeNumber = (label: string, min: number, max: number) =>
  z.coerce
    .number({ error: `${label} must be a whole number.` })
    .int(`${label} must be a whole number.`)
    .min(min, `${label} must be at least ${min}.`)
    .max(max, `${label} must be at most ${max}.`)

export const ZUpdateRiskRuleInput = z.object({
  rule: z.enum(RISK_RULE_KEYS, { error: 'Unknown rule; reload the page.' }),
  enabled: checkbox,
  /** Checked against the rule's own bounds by the use case (each rule counts something else). */
  threshold: z.preprocess(blankToNull, z.coerce.number({ error: 'Enter a whole number.' }).int('Enter a whole number.').nullable()),
  level: z.enum(RISK_LEVELS, { error: 'Choose the level the rule raises the risk to.' }),
})
export type TUpdateRiskRuleInput = z.infer<typeof ZUpdateRiskRuleInput>

export const ZUpdateRiskThresholdsInput = z
  .object({
    mediumScore: wholeNumber('The medium threshold', 0, 1000),
    highScore: wholeNumber('The high threshold', 1, 1000),
  })
  .refine((t) => t.highScore > t.mediumScore, { path: ['highScore'], message: 'The high threshold must be above the medium threshold.' })
export type TUpdateRiskThresholdsInput = z.infer<typeof ZUpdateRiskThresholdsInput>

export const RISK_QUESTION_MAX_LENGTH = 300

export const ZSaveRiskQuestionInput = z.object({
  /** Absent when adding a question. */
  questionId: z.preprocess(blankToNull, z.uuid('Unknown question; reload the page.').nullable()),
  text: z
    .string({ error: 'Write the question.' })
    .trim()
    .min(10, 'Write the question as a full yes/no question (at least 10 characters).')
    .max(RISK_QUESTION_MAX_LENGTH, `Keep the question under ${RISK_QUESTION_MAX_LENGTH} characters.`),
  weight: wholeNumber('The weight', 0, 100),
  riskyAnswer: z.enum(['yes', 'no'], { error: 'Choose which answer adds the weight.' }).transform((answer) => answer === 'yes'),
  active: checkbox,
})
export type TSaveRiskQuestionInput = z.infer<typeof ZSaveRiskQuestionInput>

export const ZMoveRiskQuestionInput = z.object({
  questionId: z.uuid('Unknown question; reload the page.'),
  direction: z.enum(['up', 'down'], { error: 'Move the question up or down.' }),
})
export type TMoveRiskQuestionInput = z.infer<typeof ZMoveRiskQuestionInput>
