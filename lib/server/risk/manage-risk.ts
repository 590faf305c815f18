import 'server-only'
import { MAX_ACTIVE_QUESTIONS } from '@/lib/domain/risk/questionnaire'
import { RISK_RULE_KEYS, RISK_RULES } from '@/lib/domain/risk/rules'
import type { Actor } from '@/lib/domain/shared/types'
import { assertCan } from '@/lib/server/assert-can'
import { recordAudit } from '@/lib/server/audit/record-audit'
import { prisma, type Tx } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'
import { loadRiskConfig } from '@/lib/server/lifecycle/risk'
import { runTransaction } from '@/lib/server/transaction'
import type { TMoveRiskQuestionInput, TSaveRiskQuestionInput, TUpdateRiskRuleInput, TUpdateRiskThresholdsInput } from './schemas'

// /admin/risk: the rules' thresholds, levels and switches, the questionnaire's
// thresholds and its questions. A change keeps the assessment it was given;
// these settings apply from the next create, edit or submit.

/** Everything the admin page shows: every rule with its setting, the thresholds, all questions (active first, in order). */
export async function getRiskAdmin(actor: Actor) {
  assertCan(actor, 'risk:manage')
  const config = await loadRiskConfig(prisma)
  const questions = await prisma.riskQuestion.findMany({
    orderBy: [{ active: 'desc' }, { position: 'asc' }, { createdAt: 'asc' }],
    select: { id: true, text: true, weight: true, riskyAnswer: true, active: true, position: true },
  })
  return {
    rules: RISK_RULE_KEYS.map((key) => ({ key, ...RISK_RULES[key], setting: config.rules[key] })),
    thresholds: config.thresholds,
    questions,
  }
}

const invalid = (fieldErrors: Record<string, string[]>) => new AppError('INVALID_INPUT', 'Some fields need attention.', { fieldErrors })

export async function updateRiskRule(actor: Actor, input: TUpdateRiskRuleInput): Promise<void> {
  assertCan(actor, 'risk:manage')
  const definition = RISK_RULES[input.rule].threshold
  // A rule that counts nothing keeps no threshold; one that does needs it within its bounds.
  const threshold = definition ? input.threshold : null
  if (definition && (threshold === null || threshold < definition.min || threshold > definition.max)) {
    throw invalid({ threshold: [`${definition.label} must be between ${definition.min} and ${definition.max} ${definition.unit}.`] })
  }
  const setting = { enabled: input.enabled, threshold, level: input.level }
  await runTransaction(async (tx) => {
    await tx.riskRule.upsert({ where: { key: input.rule }, create: { key: input.rule, ...setting }, update: setting })
    await recordAudit(tx, [{ action: 'risk.rule-updated', actorId: actor.id, entityType: 'risk', entityId: input.rule, details: { rule: input.rule, label: RISK_RULES[input.rule].label, ...setting } }])
  })
}

export async function updateRiskThresholds(actor: Actor, input: TUpdateRiskThresholdsInput): Promise<void> {
  assertCan(actor, 'risk:manage')
  await runTransaction(async (tx) => {
    await tx.riskSettings.upsert({ where: { id: 1 }, create: { id: 1, ...input }, update: input })
    await recordAudit(tx, [{ action: 'risk.thresholds-updated', actorId: actor.id, entityType: 'risk', entityId: 'questionnaire', details: input }])
  })
}

/** Adds a question (at the end) or edits one; never more than MAX_ACTIVE_QUESTIONS active at once. */
export async function saveRiskQuestion(actor: Actor, input: TSaveRiskQuestionInput): Promise<{ id: string }> {
  assertCan(actor, 'risk:manage')
  return runTransaction(async (tx) => {
    await lockQuestions(tx)
    const existing = input.questionId ? await tx.riskQuestion.findUnique({ where: { id: input.questionId }, select: { active: true, position: true } }) : null
    if (input.questionId && !existing) throw new AppError('NOT_FOUND', 'This question does not exist.')
    if (input.active && !existing?.active) {
      const active = await tx.riskQuestion.count({ where: { active: true } })
      if (active >= MAX_ACTIVE_QUESTIONS) {
        throw invalid({ active: [`At most ${MAX_ACTIVE_QUESTIONS} questions can be active: deactivate one first, or save this one as inactive.`] })
      }
    }
    const position = existing?.position ?? ((await tx.riskQuestion.aggregate({ _max: { position: true } }))._max.position ?? 0) + 1
    const data = { text: input.text, weight: input.weight, riskyAnswer: input.riskyAnswer, active: input.active, position }
    const saved = input.questionId
      ? await tx.riskQuestion.update({ where: { id: input.questionId }, data, select: { id: true } })
      : await tx.riskQuestion.create({ data, select: { id: true } })
    await recordAudit(tx, [{ action: 'risk.question-saved', actorId: actor.id, entityType: 'risk', entityId: saved.id, details: { questionId: saved.id, ...data } }])
    return saved
  })
}

/** Swaps the question with its active neighbour above or below (the order the form asks them in). */
export async function moveRiskQuestion(actor: Actor, input: TMoveRiskQuestionInput): Promise<void> {
  assertCan(actor, 'risk:manage')
  await runTransaction(async (tx) => {
    await lockQuestions(tx)
    const active = await tx.riskQuestion.findMany({ where: { active: true }, orderBy: [{ position: 'asc' }, { createdAt: 'asc' }], select: { id: true, text: true, weight: true, riskyAnswer: true } })
    const index = active.findIndex((q) => q.id === input.questionId)
    if (index < 0) throw new AppError('REFUSED', 'Only active questions have an order; activate this one first.')
    const target = input.direction === 'up' ? index - 1 : index + 1
    if (target < 0 || target >= active.length) return
    const order = [...active]
    const [moved] = order.splice(index, 1)
    if (!moved) return
    order.splice(target, 0, moved)
    // Positions are rewritten 1..n, so gaps or ties left by earlier edits disappear.
    for (const [i, q] of order.entries()) await tx.riskQuestion.update({ where: { id: q.id }, data: { position: i + 1 } })
    await recordAudit(tx, [
      { action: 'risk.question-saved', actorId: actor.id, entityType: 'risk', entityId: moved.id, details: { questionId: moved.id, text: moved.text, weight: moved.weight, riskyAnswer: moved.riskyAnswer, active: true, position: target + 1 } },
    ])
  })
}

/** Question edits take turns, so two admins cannot both activate the ninth question. */
async function lockQuestions(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('changeboard:risk-questions'))`
}

/** GET /api/v1/risk/questions: what a pipeline needs to answer the questionnaire (ids, texts, weights, thresholds). */
export async function getRiskQuestionnaireForApi(actor: Actor) {
  assertCan(actor, 'change:read')
  const config = await loadRiskConfig(prisma)
  return { questions: config.questions, ...config.thresholds }
}
