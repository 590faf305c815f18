import type { FreezeEvaluation } from '@/lib/domain/freeze/check'
import type { Interval } from '@/lib/domain/freeze/overlap'
import type { FreezeSeverity, Reason } from '@/lib/domain/shared/types'

// checkFreezes (lib/server/freezes) names the freeze `freezeName`; the domain
// FreezeEvaluation the gate takes names it `name`. Accept both, so the gate
// keeps working whichever way the freeze module settles.
type Named = { name: string } | { freezeName: string }
type Verdict = Named & { freezeId: string; severity: FreezeSeverity; overlap: Interval }
export type FreezeCheckLike = { blocking: readonly (Verdict & { reason: Reason })[]; permitted: readonly Verdict[] }

const nameOf = (v: Named) => ('name' in v ? v.name : v.freezeName)

export function toFreezeEvaluation(result: FreezeCheckLike): FreezeEvaluation {
  const base = (v: Verdict) => ({ freezeId: v.freezeId, name: nameOf(v), severity: v.severity, overlap: v.overlap })
  return {
    blocking: result.blocking.map((v) => ({ ...base(v), reason: v.reason })),
    permitted: result.permitted.map(base),
  }
}
