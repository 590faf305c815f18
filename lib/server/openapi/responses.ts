import { z } from 'zod'
import { RISK_RULE_KEYS } from '@/lib/domain/risk/rules'
import { APPROVER_SOURCES, CHANGE_STATUSES, CHANGE_TYPES, FREEZE_SEVERITIES, RISK_LEVELS } from '@/lib/domain/shared/types'
import { GATE_CHECK_IDS } from '@/lib/domain/gate/scheduling-gate'
import { PIPELINE_DECISIONS, PIPELINE_REASON_CODES } from '@/lib/domain/gate/pipeline-gate'

// The JSON the /api/v1 routes answer, as zod schemas, for the OpenAPI document
// only (the routes build their answers in lib/server/*/api*.ts). conformance.ts
// checks at compile time that what the routes return fits these schemas.
// Times are ISO 8601 instants in UTC.

const instant = z.iso.datetime().meta({ example: '2026-12-01T22:00:00.000Z' })
const id = z.uuid()
const person = z.object({ id, name: z.string() })
const interval = z.object({ start: instant, end: instant })

export const APP_ERROR_CODES = [
  'INVALID_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'PRECONDITION_FAILED',
  'PAYLOAD_TOO_LARGE',
  'REFUSED',
  'RATE_LIMITED',
] as const

export const ZReason = z.object({ code: z.string(), message: z.string() }).meta({ id: 'Reason' })

/** `{ error: { code, message, reasons?, fieldErrors? } }`: every 4xx (lib/server/http/json-api.ts jsonError). */
export const ZApiError = z
  .object({
    error: z.object({
      code: z.enum(APP_ERROR_CODES),
      message: z.string().meta({ description: 'A sentence for a person.' }),
      reasons: z.array(ZReason).optional().meta({
        description: 'Every reason the domain refused (422), or what changed under you (409, 412).',
      }),
      fieldErrors: z.record(z.string(), z.array(z.string())).optional().meta({ description: 'Messages by field name (400 INVALID_INPUT).' }),
    }),
  })
  .meta({ id: 'Error' })

export const ZChangeListItem = z
  .object({
    id,
    number: z.string().meta({ example: 'CHG-000123' }),
    title: z.string(),
    status: z.enum(CHANGE_STATUSES),
    type: z.enum(CHANGE_TYPES),
    riskLevel: z.enum(RISK_LEVELS),
    windowStart: instant.nullable(),
    windowEnd: instant.nullable(),
    requesterName: z.string(),
  })
  .meta({ id: 'ChangeListItem' })

export const ZChangeListPage = z
  .object({
    items: z.array(ZChangeListItem),
    nextCursor: z.string().nullable().meta({
      description: 'Pass as `cursor` for the next page; null on the last page.',
    }),
  })
  .meta({ id: 'ChangeListPage' })

const text = z.string()
export const ZChange = z
  .object({
    id,
    number: z.string().meta({ example: 'CHG-000123' }),
    title: z.string(),
    status: z.enum(CHANGE_STATUSES),
    type: z.enum(CHANGE_TYPES),
    riskLevel: z.enum(RISK_LEVELS).meta({ description: 'Computed: the higher of the risk rules and the questionnaire, raised (never lowered) by the requester.' }),
    riskReasons: z.array(z.object({ rule: z.enum(RISK_RULE_KEYS), level: z.enum(RISK_LEVELS), reason: z.string() })).meta({
      description: 'Every risk rule that fired, with the level it raises to and why.',
    }),
    riskAnswers: z.record(z.string(), z.boolean()).meta({ description: 'Questionnaire answers by question id (true = yes).' }),
    riskRaiseLevel: z.enum(RISK_LEVELS).nullable(),
    riskRaiseReason: z.string().nullable(),
    version: z.int().positive().meta({
      description: 'Send it back as `If-Match` to PATCH (optimistic locking).',
    }),
    revision: z.int().positive(),
    fingerprint: z.string().nullable(),
    windowStart: instant.nullable(),
    windowEnd: instant.nullable(),
    purpose: text,
    currentState: text,
    futureState: text,
    implementationPlan: text,
    rollbackPlan: text,
    monitoringPlan: text,
    testEvidence: text,
    communicationPlan: text,
    impactDescription: text,
    requester: person,
    services: z.array(person),
    approvers: z.array(person.extend({ source: z.enum(APPROVER_SOURCES) })),
    previousChangeId: id.nullable(),
    createdAt: instant,
    updatedAt: instant,
  })
  .meta({ id: 'Change' })

export const ZChangeEnvelope = z.object({ change: ZChange }).meta({ id: 'ChangeEnvelope' })
export const ZChangeUpdated = z
  .object({
    change: ZChange,
    outcome: z.enum(['updated', 'revised', 'unchanged']).meta({
      description: '`revised`: a material edit became a new revision back in SUBMITTED.',
    }),
  })
  .meta({ id: 'ChangeUpdated' })

/** The short answer of schedule, sign-offs and deployments. */
export const ZChangeStatusRef = z.object({ id, number: z.string(), status: z.enum(CHANGE_STATUSES) }).meta({ id: 'ChangeStatusRef' })

export const ZSchedulingGate = z
  .object({
    ok: z.boolean(),
    checks: z.array(
      z.object({
        id: z.enum(GATE_CHECK_IDS),
        passed: z.boolean(),
        title: z.string(),
        reasons: z.array(ZReason),
        remedy: z.string().optional(),
      }),
    ),
    conflicts: z.array(
      z.object({
        id,
        number: z.string(),
        serviceNames: z.array(z.string()),
        overlap: interval,
      }),
    ),
    crowding: z.object({ count: z.int(), exceeded: z.boolean(), threshold: z.int() }).nullable(),
  })
  .meta({ id: 'SchedulingGate' })

export const ZScheduled = z.object({ change: ZChangeStatusRef }).meta({ id: 'Scheduled' })

export const ZSignOffRecorded = z
  .object({
    signOff: z.object({
      id,
      decision: z.enum(['APPROVED', 'REJECTED']),
      revision: z.int().positive(),
      fingerprint: z.string(),
    }),
    change: ZChangeStatusRef,
  })
  .meta({ id: 'SignOffRecorded' })

export const ZDeploymentRecorded = z.object({ change: ZChangeStatusRef }).meta({ id: 'DeploymentRecorded' })

export const ZPipelineReason = z
  .object({
    code: z.enum(PIPELINE_REASON_CODES),
    message: z.string(),
    change: z.string().optional().meta({ description: 'The change the reason is about (CHG-000123).' }),
    freeze: z
      .object({
        id: z.string(),
        name: z.string(),
        severity: z.enum(FREEZE_SEVERITIES),
        overlap: interval,
        unevaluated: z.string().optional(),
      })
      .optional(),
    window: interval.nullable().optional(),
    signOffs: z
      .array(
        z.object({
          approver: z.string(),
          status: z.enum(['APPROVED', 'REJECTED', 'PENDING']),
          stale: z.boolean(),
        }),
      )
      .optional(),
    services: z.array(z.string()).optional(),
  })
  .meta({ id: 'PipelineReason' })

export const ZPipelineGateResult = z
  .object({
    decision: z.enum(PIPELINE_DECISIONS),
    state: z.enum(['OPEN', 'CLOSED']),
    atTime: instant,
    nextTransitionAt: instant.nullable(),
    validUntil: instant.nullable().meta({
      description: 'ALLOW only: the earlier of the window’s end and the next blocking freeze’s start.',
    }),
    retryAfterSeconds: z.int().nullable().meta({
      description: 'PENDING only: how long to wait before asking again (also `Retry-After`).',
    }),
    change: z
      .object({
        number: z.string(),
        status: z.enum(CHANGE_STATUSES),
        revision: z.int(),
        fingerprint: z.string().nullable(),
        window: interval.nullable(),
      })
      .nullable(),
    reasons: z.array(ZPipelineReason),
  })
  .meta({ id: 'PipelineGateResult' })

export const ZFreeze = z
  .object({
    id,
    name: z.string(),
    reason: z.string(),
    severity: z.enum(FREEZE_SEVERITIES),
    startsAt: instant.meta({
      description: 'The first occurrence; a recurring freeze repeats it by `rrule` in `timeZone`.',
    }),
    endsAt: instant,
    timeZone: z.string().meta({ example: 'Europe/Berlin' }),
    rrule: z.string().nullable(),
    activeUntil: instant.nullable(),
    allServices: z.boolean(),
    services: z.array(person),
    revision: z.int().positive(),
    status: z.enum(['active', 'upcoming', 'ended', 'archived']),
  })
  .meta({ id: 'Freeze' })

export const ZFreezeList = z.object({ freezes: z.array(ZFreeze) }).meta({ id: 'FreezeList' })

export const ZFreezeOccurrences = z
  .object({
    freeze: ZFreeze,
    range: z.object({ from: instant, to: instant }),
    complete: z.boolean().meta({
      description: 'false: the rule could not be fully evaluated; take the freeze to cover the whole range.',
    }),
    occurrences: z.array(interval),
  })
  .meta({ id: 'FreezeOccurrences' })

export const ZService = z
  .object({
    id,
    name: z.string(),
    description: z.string(),
    criticality: z.enum(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW']),
    active: z.boolean(),
    owner: person,
  })
  .meta({ id: 'Service' })

export const ZServiceList = z.object({ services: z.array(ZService) }).meta({ id: 'ServiceList' })

export const ZRiskQuestionnaire = z
  .object({
    questions: z.array(
      z.object({
        id,
        text: z.string(),
        weight: z.int().nonnegative(),
        riskyAnswer: z.boolean().meta({ description: 'The answer that counts the weight (an unanswered question counts too).' }),
      }),
    ),
    mediumScore: z.int().meta({ description: 'A score from here is MEDIUM.' }),
    highScore: z.int().meta({ description: 'A score from here is HIGH.' }),
  })
  .meta({ id: 'RiskQuestionnaire' })

/**
 * The metrics report. Documented by its sections; each section's figures are
 * described in the README ("Metrics") rather than field by field, since they
 * follow the page and grow with issue 13 (groups, templates).
 */
export const ZMetricsReport = z
  .object({
    metrics: z.looseObject({
      computedAt: z.string().meta({ description: 'When the figures were read from the database: a report is shared by every reader of the same period, filters and time zone, and recomputed once it is five minutes old.' }),
      period: z.looseObject({ from: z.string(), to: z.string(), label: z.string(), timeZone: z.string() }),
    }),
  })
  .meta({ id: 'MetricsReport' })
