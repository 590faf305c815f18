import type { z } from 'zod'
import type { ApiChange, listChangesForApi } from '@/lib/server/change-requests/api'
import type { getFreezeForApi, listFreezesForApi } from '@/lib/server/freezes/api-freezes'
import type { listServicesForApi } from '@/lib/server/services/manage-services'
import type { getRiskQuestionnaireForApi } from '@/lib/server/risk/manage-risk'
import type { getGateForViewer } from '@/lib/server/lifecycle/gate'
import type { PipelineGateResult } from '@/lib/domain/gate/pipeline-gate'
import type { loadMetrics } from '@/lib/server/metrics/load-metrics'
import type { ZChange, ZChangeListPage, ZFreeze, ZFreezeOccurrences, ZMetricsReport, ZPipelineGateResult, ZRiskQuestionnaire, ZSchedulingGate, ZService } from './responses'

// Compile-time only: what the routes answer fits the response schemas of the
// OpenAPI document (after JSON.stringify: Dates become ISO strings). A route
// whose answer drifts from its documented schema fails `npm run typecheck`.

/** The JSON a value becomes: Dates are strings, the rest keeps its shape. */
type Jsonified<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Jsonified<U>[]
    : T extends object
      ? { [K in keyof T]: Jsonified<T[K]> }
      : T

type Fits<Actual, Documented> = [Jsonified<Actual>] extends [Documented] ? true : false
type Assert<T extends true> = T

export type Conformance = [
  Assert<Fits<Awaited<ReturnType<typeof loadMetrics>>, z.output<typeof ZMetricsReport>['metrics']>>,
  Assert<Fits<Awaited<ReturnType<typeof listChangesForApi>>, z.output<typeof ZChangeListPage>>>,
  Assert<Fits<ApiChange, z.output<typeof ZChange>>>,
  Assert<Fits<Awaited<ReturnType<typeof listFreezesForApi>>[number], z.output<typeof ZFreeze>>>,
  Assert<Fits<Awaited<ReturnType<typeof getFreezeForApi>>, z.output<typeof ZFreezeOccurrences>>>,
  Assert<Fits<Awaited<ReturnType<typeof listServicesForApi>>[number], z.output<typeof ZService>>>,
  Assert<Fits<Awaited<ReturnType<typeof getRiskQuestionnaireForApi>>, z.output<typeof ZRiskQuestionnaire>>>,
  Assert<Fits<PipelineGateResult, z.output<typeof ZPipelineGateResult>>>,
  Assert<Fits<Pick<Awaited<ReturnType<typeof getGateForViewer>>, 'conflicts' | 'crowding'> & { ok: boolean; checks: Awaited<ReturnType<typeof getGateForViewer>>['gate']['checks'] }, z.output<typeof ZSchedulingGate>>>,
]
