import 'server-only'
import { windowOf } from '@/lib/domain/freeze/overlap'
import { formatChangeNumber } from '@/lib/domain/change-request/number'
import { assessRisk, raiseProblems, standardTemplateAssessment, type RiskAssessment, type RiskRaise } from '@/lib/domain/risk/assess'
import type { MaintenanceWindow } from '@/lib/domain/risk/maintenance-window'
import { DEFAULT_QUESTIONNAIRE_THRESHOLDS, type QuestionnaireThresholds, type RiskAnswers, type RiskQuestion } from '@/lib/domain/risk/questionnaire'
import { ruleSettingsFrom, type LastOutcome, type RiskRuleSettings, type RiskService } from '@/lib/domain/risk/rules'
import type { RiskLevel } from '@/lib/domain/shared/types'
import type { Tx } from '@/lib/server/db'
import { Prisma } from '@/lib/generated/prisma/client'
import { AppError } from '@/lib/server/errors'
import { findChangeConflicts } from './conflicts'
import { findFreezeConflictsFor } from './freezes'

// The risk of a change, computed from the database in the caller's transaction
// (create, edit, submit, and the form's live preview): the admin's rule
// settings and questions, the services' criticality and maintenance windows,
// SOFT freezes, the last outcome on each service and overlapping changes.
// lib/domain/risk decides; this file only gathers the facts.

export type RiskConfig = { rules: RiskRuleSettings; questions: RiskQuestion[]; thresholds: QuestionnaireThresholds }

/** The admin's settings: stored rows over the defaults, active questions in order. */
export async function loadRiskConfig(db: Tx): Promise<RiskConfig> {
  const [rules, questions, settings] = await Promise.all([
    db.riskRule.findMany({ select: { key: true, enabled: true, threshold: true, level: true } }),
    db.riskQuestion.findMany({ where: { active: true }, orderBy: [{ position: 'asc' }, { createdAt: 'asc' }], select: { id: true, text: true, weight: true, riskyAnswer: true } }),
    db.riskSettings.findUnique({ where: { id: 1 }, select: { mediumScore: true, highScore: true } }),
  ])
  return { rules: ruleSettingsFrom(rules), questions, thresholds: settings ?? DEFAULT_QUESTIONNAIRE_THRESHOLDS }
}

/** What the risk of a change is computed from: the change as it would be saved. */
export type RiskSubject = {
  /** Null for a change not yet created (the new-change form). */
  id: string | null
  /** Set when the change is filed from a standard template: then it is LOW (standardTemplateAssessment). */
  templateVersionId?: string | null
  windowStart: Date | null
  windowEnd: Date | null
  serviceIds: readonly string[]
  testEvidence: string
  riskAnswers?: RiskAnswers
  riskRaise?: RiskRaise | null
}

// Stands in for the id of a change that does not exist yet: it matches no row.
const NO_CHANGE = '00000000-0000-0000-0000-000000000000'

export async function assessChangeRisk(tx: Tx, subject: RiskSubject, now: Date): Promise<RiskAssessment> {
  const config = await loadRiskConfig(tx)
  if (subject.templateVersionId) return standardTemplateAssessment(config.thresholds, now)
  const window = windowOf(subject)
  const serviceIds = [...subject.serviceIds]
  const selfId = subject.id ?? NO_CHANGE
  const recentDays = config.rules.RECENT_FAILURE.threshold ?? 0
  const [services, freezes, conflicts, lastOutcomes] = await Promise.all([
    loadRiskServices(tx, serviceIds),
    window ? findFreezeConflictsFor(tx, { windowStart: window.start, windowEnd: window.end, serviceIds }) : [],
    window && serviceIds.length > 0 ? findChangeConflicts(tx, { id: selfId, windowStart: window.start, windowEnd: window.end, serviceIds }) : null,
    serviceIds.length > 0 ? loadLastOutcomes(tx, selfId, serviceIds, new Date(now.getTime() - recentDays * 86_400_000)) : [],
  ])
  return assessRisk({
    facts: {
      now,
      window,
      testEvidence: subject.testEvidence,
      services,
      softFreezes: freezes.filter((f) => f.severity === 'SOFT'),
      lastOutcomes,
      overlaps: (conflicts?.conflicts ?? []).map((c) => ({ changeNumber: c.number, serviceNames: c.serviceNames })),
    },
    ...config,
    answers: subject.riskAnswers ?? {},
    raise: subject.riskRaise ?? null,
  })
}

/** The assessment, or INVALID_INPUT when the requester's raise would lower the risk or lacks a reason. */
export async function assessChangeRiskOrRefuse(tx: Tx, subject: RiskSubject, now: Date): Promise<RiskAssessment> {
  const assessment = await assessChangeRisk(tx, subject, now)
  const fieldErrors = raiseProblems(assessment.raise, assessment.computedLevel)
  if (fieldErrors) throw new AppError('INVALID_INPUT', 'Some fields need attention.', { fieldErrors })
  return assessment
}

/** The row columns that hold a change's risk. */
export function riskColumns(assessment: RiskAssessment): { riskLevel: RiskLevel; riskAssessment: RiskAssessment; riskRaiseLevel: RiskLevel | null; riskRaiseReason: string | null } {
  return {
    riskLevel: assessment.level,
    riskAssessment: assessment,
    riskRaiseLevel: assessment.raise?.level ?? null,
    riskRaiseReason: assessment.raise?.reason ?? null,
  }
}

/** Replaces the change's questionnaire answers. */
export async function writeRiskAnswers(tx: Tx, changeId: string, answers: RiskAnswers): Promise<void> {
  await tx.changeRiskAnswer.deleteMany({ where: { changeId } })
  const rows = Object.entries(answers).map(([questionId, answer]) => ({ changeId, questionId, answer }))
  if (rows.length > 0) await tx.changeRiskAnswer.createMany({ data: rows })
}

async function loadRiskServices(tx: Tx, serviceIds: string[]): Promise<RiskService[]> {
  if (serviceIds.length === 0) return []
  const rows = await tx.service.findMany({
    where: { id: { in: serviceIds } },
    orderBy: { name: 'asc' },
    select: { id: true, name: true, criticality: true, maintenanceDays: true, maintenanceStartMinute: true, maintenanceEndMinute: true, maintenanceTimeZone: true },
  })
  return rows.map((s) => ({ id: s.id, name: s.name, criticality: s.criticality, maintenanceWindow: maintenanceWindowOf(s) }))
}

/** A Service row's maintenance window, or null when it has none. */
export function maintenanceWindowOf(s: { maintenanceDays: number[]; maintenanceStartMinute: number | null; maintenanceEndMinute: number | null; maintenanceTimeZone: string }): MaintenanceWindow | null {
  if (s.maintenanceDays.length === 0 || s.maintenanceStartMinute === null || s.maintenanceEndMinute === null) return null
  return { days: s.maintenanceDays, startMinute: s.maintenanceStartMinute, endMinute: s.maintenanceEndMinute, timeZone: s.maintenanceTimeZone }
}

const FINISHED = ['COMPLETED', 'FAILED', 'ROLLED_BACK', 'CLOSED'] as const

/**
 * The newest change in one finished status on the service `s` (of the outer
 * query): one backward walk of the (status, finishedAt) index, stopped by the
 * LIMIT at the first change on that service. One walk per status keeps every
 * step an ordered index scan instead of sorting everything in the look-back.
 */
function lastFinished(status: (typeof FINISHED)[number], selfId: string, since: Date): Prisma.Sql {
  return Prisma.sql`(SELECT c.id, c.number, c."finishedAt", c.status
      FROM "ChangeRequest" c
     WHERE c.status = ${status}::"ChangeStatus"
       AND c."finishedAt" >= ${since}::timestamptz
       AND c.id <> ${selfId}::uuid
       AND EXISTS (SELECT 1 FROM "ChangeService" cs WHERE cs."changeId" = c.id AND cs."serviceId" = s.id)
     ORDER BY c."finishedAt" DESC
     LIMIT 1)`
}

type OutcomeRow = { serviceName: string; number: number; finishedAt: Date; outcome: LastOutcome['outcome'] }

/**
 * The last change to finish on each service since `since` (other than this
 * one), with its outcome: the status, or for a CLOSED change the outcome its
 * audit trail recorded before the review. Per service and status, the
 * (status, finishedAt) index is walked newest first and stops at the first
 * change on that service (lastFinished), so the cost does not grow with the table.
 */
async function loadLastOutcomes(tx: Tx, selfId: string, serviceIds: string[], since: Date): Promise<LastOutcome[]> {
  const rows = await tx.$queryRaw<OutcomeRow[]>`
    SELECT s.name AS "serviceName", last.number, last."finishedAt",
           CASE WHEN last.status <> 'CLOSED' THEN last.status::text
                ELSE COALESCE((SELECT CASE a.action WHEN 'change.failed' THEN 'FAILED' WHEN 'change.rolled-back' THEN 'ROLLED_BACK' ELSE 'COMPLETED' END
                                 FROM "AuditEvent" a
                                WHERE a."changeId" = last.id AND a.action IN ('change.completed', 'change.failed', 'change.rolled-back')
                                ORDER BY a.id DESC LIMIT 1), 'COMPLETED')
           END AS outcome
      FROM "Service" s
     CROSS JOIN LATERAL (
           SELECT * FROM (${Prisma.join(FINISHED.map((status) => lastFinished(status, selfId, since)), ' UNION ALL ')}) candidates
            ORDER BY "finishedAt" DESC, number DESC
            LIMIT 1) last
     WHERE s.id = ANY(${serviceIds}::uuid[])
     ORDER BY s.name`
  return rows.map((r) => ({ serviceName: r.serviceName, changeNumber: formatChangeNumber(r.number), outcome: r.outcome, finishedAt: r.finishedAt }))
}

/**
 * The answers to store: the submitted answers to active questions, plus the
 * stored answers to questions an admin has since deactivated (the form no
 * longer shows them, and dropping them would count as a material edit).
 * An answer to a question that is neither is refused.
 */
export async function resolveRiskAnswers(tx: Tx, stored: RiskAnswers, submitted: RiskAnswers): Promise<RiskAnswers> {
  const active = new Set((await tx.riskQuestion.findMany({ where: { active: true }, select: { id: true } })).map((q) => q.id))
  const unknown = Object.keys(submitted).filter((id) => !active.has(id) && !Object.hasOwn(stored, id))
  if (unknown.length > 0) {
    throw new AppError('INVALID_INPUT', 'Some fields need attention.', { fieldErrors: { riskAnswers: ['Answer the questions shown on the form; reload it to see the current ones.'] } })
  }
  const kept = Object.entries(stored).filter(([id]) => !active.has(id))
  const answered = Object.entries(submitted).filter(([id]) => active.has(id))
  return Object.fromEntries([...kept, ...answered])
}
