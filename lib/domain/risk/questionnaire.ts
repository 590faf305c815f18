// The risk questionnaire: at most MAX_ACTIVE_QUESTIONS yes/no questions, each
// with a weight counted when the answer is the risky one ("no" to "Can it be
// reversed within the window?"). The sum is compared with two thresholds.
// An unanswered question counts as answered the risky way: a requester who
// skips the questionnaire gets the cautious level, never the relaxed one.
import type { RiskLevel } from '../shared/types'

export const MAX_ACTIVE_QUESTIONS = 8

export type RiskQuestion = { id: string; text: string; weight: number; riskyAnswer: boolean }
/** Question id → the requester's answer (true = yes). */
export type RiskAnswers = Readonly<Record<string, boolean>>
export type QuestionnaireThresholds = { mediumScore: number; highScore: number }

/** The change form's name for one question's yes/no radio group (the server folds them into `riskAnswers`). */
export const RISK_ANSWER_PREFIX = 'riskAnswer:'
export const riskAnswerField = (questionId: string) => `${RISK_ANSWER_PREFIX}${questionId}`

export const DEFAULT_QUESTIONNAIRE_THRESHOLDS: QuestionnaireThresholds = { mediumScore: 30, highScore: 60 }

export type AnsweredQuestion = { questionId: string; text: string; weight: number; answer: boolean | null; counted: boolean }
export type QuestionnaireResult = { score: number; level: RiskLevel; answers: AnsweredQuestion[] } & QuestionnaireThresholds

export function scoreQuestionnaire(questions: readonly RiskQuestion[], answers: RiskAnswers, thresholds: QuestionnaireThresholds): QuestionnaireResult {
  const answered = questions.map((q) => {
    const answer = Object.hasOwn(answers, q.id) ? (answers[q.id] ?? null) : null
    return { questionId: q.id, text: q.text, weight: q.weight, answer, counted: answer === null || answer === q.riskyAnswer }
  })
  const score = answered.reduce((sum, a) => sum + (a.counted ? a.weight : 0), 0)
  return { score, level: questionnaireLevel(score, thresholds), answers: answered, ...thresholds }
}

export function questionnaireLevel(score: number, thresholds: QuestionnaireThresholds): RiskLevel {
  if (score >= thresholds.highScore) return 'HIGH'
  if (score >= thresholds.mediumScore) return 'MEDIUM'
  return 'LOW'
}
