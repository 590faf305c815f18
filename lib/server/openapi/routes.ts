import { z } from 'zod'
import { ZApiListChangesInput, ZChangeFields, ZChangeRef, ZInstant } from '@/lib/server/change-requests/schemas'
import { ZApiFreezeOccurrencesInput } from '@/lib/server/freezes/schemas'
import { ZCancelChangeInput, ZDeploymentReportInput, ZPipelineGateQuery, ZRecordOutcomeInput, ZStartChangeInput } from '@/lib/server/lifecycle/schemas'
import { ZMetricsInput } from '@/lib/server/metrics/schemas'
import { ZScheduleChangeInput } from '@/lib/server/scheduling/schemas'
import { ZRecordSignOffInput } from '@/lib/server/sign-offs/schemas'
import {
  ZChangeEnvelope,
  ZChangeListPage,
  ZChangeUpdated,
  ZDeploymentRecorded,
  ZFreezeList,
  ZFreezeOccurrences,
  ZMetricsReport,
  ZPipelineGateResult,
  ZRiskQuestionnaire,
  ZScheduled,
  ZSchedulingGate,
  ZServiceList,
  ZSignOffRecorded,
} from './responses'

// Every /api/v1 route, one entry each: the OpenAPI document (document.ts) is
// built from this list, and openapi-routes.test.ts fails when a route.ts under
// app/api/v1 exports a method that has no entry here. Request schemas are the
// routes' own input schemas (the single source of input types), less the
// fields the route fills in from the path (`changeId`).

export type ApiMethod = 'get' | 'post' | 'put' | 'patch' | 'delete'
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 412 | 413 | 422 | 429

export type ApiRoute = {
  method: ApiMethod
  /** Below /api/v1, OpenAPI style: `/changes/{id}`. */
  path: string
  summary: string
  description?: string
  tag: 'Changes' | 'Lifecycle' | 'Gate' | 'Freezes' | 'Services' | 'Metrics' | 'Meta'
  /** No credentials needed (the document itself). */
  public?: boolean
  query?: z.ZodObject
  /** `If-Match: <version>`: required on PATCH, optional where a `version` field is also accepted. */
  ifMatch?: 'required' | 'optional'
  body?: { schema: z.ZodType; required: boolean }
  success: {
    status: 200 | 201
    description: string
    schema: z.ZodType
    headers?: Record<string, string>
  }
  /** The error statuses the route can answer, besides those every authenticated route can (401, 429). */
  errors: ErrorStatus[]
}

const withoutChangeId = <T extends z.ZodObject<{ changeId: z.ZodType }>>(schema: T) => schema.omit({ changeId: true })

/** The change body: the form's fields with the window as instants (ZApiChangeFields turns them into the form's wall times in UTC). */
const ZChangeBody = ZChangeFields.in.omit({ timeZone: true, windowStart: true, windowEnd: true }).extend({
  riskAnswers: z.record(z.uuid(), z.boolean()).optional().meta({
    description: 'Answers to the active risk questions by id (GET /api/v1/risk/questions lists them), true = yes. An unanswered question counts as the risky answer.',
  }),
  windowStart: ZInstant.optional().meta({
    description: 'ISO 8601 with an offset; null or empty for none.',
    example: '2026-12-01T22:00:00Z',
  }),
  windowEnd: ZInstant.optional().meta({
    description: 'ISO 8601 with an offset; null or empty for none.',
    example: '2026-12-01T23:00:00Z',
  }),
})

const WRITE = [400, 403, 404, 409, 412, 413, 422] as const satisfies ErrorStatus[]

export const API_ROUTES: ApiRoute[] = [
  {
    method: 'get',
    path: '/changes',
    tag: 'Changes',
    summary: 'List changes',
    description: 'The change list’s filters and order (work in flight by window, then the rest newest first), 20 a page.',
    query: ZApiListChangesInput,
    success: {
      status: 200,
      description: 'One page of changes.',
      schema: ZChangeListPage,
    },
    errors: [400, 403],
  },
  {
    method: 'post',
    path: '/changes',
    tag: 'Changes',
    summary: 'Create a draft change',
    body: { schema: ZChangeBody, required: true },
    success: {
      status: 201,
      description: 'The new DRAFT, raised by the caller.',
      schema: ZChangeEnvelope,
      headers: { Location: 'The change’s URL in this API.' },
    },
    errors: [400, 403, 413],
  },
  {
    method: 'get',
    path: '/changes/{id}',
    tag: 'Changes',
    summary: 'Get a change',
    success: {
      status: 200,
      description: 'The change; its `version` is what PATCH needs in `If-Match`.',
      schema: ZChangeEnvelope,
    },
    errors: [403, 404],
  },
  {
    method: 'patch',
    path: '/changes/{id}',
    tag: 'Changes',
    summary: 'Edit a change',
    description: 'Fields left out keep their values. A material edit of a submitted, approved or scheduled change becomes a new revision back in SUBMITTED.',
    ifMatch: 'required',
    body: { schema: ZChangeBody.partial(), required: true },
    success: {
      status: 200,
      description: 'The change and what the edit did.',
      schema: ZChangeUpdated,
    },
    errors: [...WRITE],
  },
  {
    method: 'post',
    path: '/changes/{id}/submit',
    tag: 'Lifecycle',
    summary: 'Submit a draft for sign-off',
    ifMatch: 'optional',
    body: {
      schema: ZChangeRef.pick({ version: true }).partial(),
      required: false,
    },
    success: {
      status: 200,
      description: 'The change, now SUBMITTED.',
      schema: ZChangeEnvelope,
    },
    errors: [...WRITE],
  },
  {
    method: 'post',
    path: '/changes/{id}/cancel',
    tag: 'Lifecycle',
    summary: 'Cancel a change',
    ifMatch: 'optional',
    body: { schema: withoutChangeId(ZCancelChangeInput), required: true },
    success: {
      status: 200,
      description: 'The change, now CANCELLED.',
      schema: ZChangeEnvelope,
    },
    errors: [...WRITE],
  },
  {
    method: 'post',
    path: '/changes/{id}/start',
    tag: 'Lifecycle',
    summary: 'Start a scheduled change',
    description: 'In its window, or up to START_GRACE_MINUTES before it.',
    ifMatch: 'optional',
    body: { schema: withoutChangeId(ZStartChangeInput), required: false },
    success: {
      status: 200,
      description: 'The change, now IN_PROGRESS.',
      schema: ZChangeEnvelope,
    },
    errors: [...WRITE],
  },
  {
    method: 'post',
    path: '/changes/{id}/outcome',
    tag: 'Lifecycle',
    summary: 'Record the outcome of a change in progress',
    ifMatch: 'optional',
    body: { schema: withoutChangeId(ZRecordOutcomeInput), required: true },
    success: {
      status: 200,
      description: 'The change, now COMPLETED, ROLLED_BACK or FAILED.',
      schema: ZChangeEnvelope,
    },
    errors: [...WRITE],
  },
  {
    method: 'get',
    path: '/changes/{id}/schedule',
    tag: 'Lifecycle',
    summary: 'The scheduling gate of a change',
    success: {
      status: 200,
      description: 'Every check with its reasons, the overlapping changes and the crowding warning.',
      schema: ZSchedulingGate,
    },
    errors: [403, 404],
  },
  {
    method: 'post',
    path: '/changes/{id}/schedule',
    tag: 'Lifecycle',
    summary: 'Schedule an approved change',
    description: 'The whole scheduling gate runs again inside the transaction; 422 with every failing check.',
    // Both acknowledgements may be left out (none acknowledged).
    body: {
      schema: ZScheduleChangeInput.omit({ changeId: true }).partial({
        acknowledgedConflictIds: true,
        acknowledgeCrowding: true,
      }),
      required: true,
    },
    success: {
      status: 200,
      description: 'The change, now SCHEDULED.',
      schema: ZScheduled,
    },
    errors: [400, 403, 404, 409, 413, 422],
  },
  {
    method: 'post',
    path: '/changes/{id}/sign-offs',
    tag: 'Lifecycle',
    summary: 'Record a written sign-off (browser session only)',
    description: 'Sign-offs stay human: any API token gets 403. A stale revision is a 409.',
    body: { schema: withoutChangeId(ZRecordSignOffInput), required: true },
    success: {
      status: 201,
      description: 'The sign-off and where the change stands.',
      schema: ZSignOffRecorded,
    },
    errors: [400, 403, 404, 409, 413, 422],
  },
  {
    method: 'post',
    path: '/changes/{id}/deployments',
    tag: 'Gate',
    summary: 'Report a deployment',
    description:
      'Moves the change to IN_PROGRESS, COMPLETED, FAILED or ROLLED_BACK through the same use cases as the buttons. 409 with the gate’s reasons when the change does not authorise it now (recorded in the change’s audit trail as deployment.refused).',
    body: { schema: withoutChangeId(ZDeploymentReportInput), required: true },
    success: {
      status: 200,
      description: 'The change after the report.',
      schema: ZDeploymentRecorded,
    },
    errors: [400, 403, 404, 409, 413, 422],
  },
  {
    method: 'get',
    path: '/gate',
    tag: 'Gate',
    summary: 'May these services change now? (the pipeline gate)',
    description:
      'The whole interval [at, at + duration) is checked. Fail closed: anything that goes wrong while deciding is a 200 DENY with a reason, never an ALLOW. Never cached.',
    query: ZPipelineGateQuery,
    success: {
      status: 200,
      description: 'ALLOW, DENY or PENDING with every reason.',
      schema: ZPipelineGateResult,
      headers: {
        'Retry-After': 'PENDING: seconds to wait before asking again.',
      },
    },
    errors: [400, 403],
  },
  {
    method: 'get',
    path: '/freezes',
    tag: 'Freezes',
    summary: 'List freezes',
    description: 'Every freeze that is not archived, ended ones too.',
    success: {
      status: 200,
      description: 'The freezes with their rule, scope and status.',
      schema: ZFreezeList,
    },
    errors: [403],
  },
  {
    method: 'get',
    path: '/freezes/{id}',
    tag: 'Freezes',
    summary: 'Get a freeze with its occurrences in a range',
    description: 'Default range: now and 90 days on; at most 400 days.',
    query: ZApiFreezeOccurrencesInput.in.pick({ from: true, to: true }),
    success: {
      status: 200,
      description: 'The freeze and its occurrences.',
      schema: ZFreezeOccurrences,
    },
    errors: [400, 403, 404],
  },
  {
    method: 'get',
    path: '/metrics',
    tag: 'Metrics',
    summary: 'The board’s metrics',
    description: 'The figures of the /metrics page for a period and filters (change managers and admins): outcomes, flow, governance and the rubber-stamp signal. README "Metrics" describes each figure.',
    query: ZMetricsInput,
    success: {
      status: 200,
      description: 'The metrics report.',
      schema: ZMetricsReport,
    },
    errors: [400, 403],
  },
  {
    method: 'get',
    path: '/services',
    tag: 'Services',
    summary: 'List services',
    success: {
      status: 200,
      description: 'Every service with its owner.',
      schema: ZServiceList,
    },
    errors: [403],
  },
  {
    method: 'get',
    path: '/risk/questions',
    tag: 'Changes',
    summary: 'The risk questionnaire',
    description: 'The active questions, in order, with their weights and the thresholds; answer them in `riskAnswers` when creating or updating a change.',
    success: {
      status: 200,
      description: 'The questions and thresholds.',
      schema: ZRiskQuestionnaire,
    },
    errors: [403],
  },
  {
    method: 'get',
    path: '/openapi.json',
    tag: 'Meta',
    summary: 'This OpenAPI document',
    public: true,
    success: {
      status: 200,
      description: 'The OpenAPI 3.1 document of /api/v1.',
      schema: z.record(z.string(), z.unknown()),
    },
    errors: [],
  },
]
