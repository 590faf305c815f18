// Who must sign a change off: the owners of the affected services plus anyone
// nominated, never the requester (segregation of duties).
import type { ApproverSource, Person } from '../shared/types'

export type RequiredApprover = Person & { source: ApproverSource }

export type RequiredApproversResult = {
  approvers: RequiredApprover[]
  /** The requester owns an affected service (or was nominated) and was dropped. */
  excludedRequester: boolean
  /** Nobody is left to sign: a change manager must nominate an approver before submission. */
  needsReplacementApprover: boolean
}

export function requiredApprovers(input: {
  requesterId: string
  serviceOwners: readonly Person[]
  nominated: readonly Person[]
}): RequiredApproversResult {
  const approvers: RequiredApprover[] = []
  const seen = new Set<string>()
  let excludedRequester = false
  // Owners first, so a person who is both keeps the stronger SERVICE_OWNER source.
  const candidates = [
    ...input.serviceOwners.map((p) => ({ ...p, source: 'SERVICE_OWNER' as const })),
    ...input.nominated.map((p) => ({ ...p, source: 'NOMINATED' as const })),
  ]
  for (const candidate of candidates) {
    if (candidate.id === input.requesterId) {
      excludedRequester = true
      continue
    }
    if (seen.has(candidate.id)) continue
    seen.add(candidate.id)
    approvers.push({ id: candidate.id, name: candidate.name, source: candidate.source })
  }
  return { approvers, excludedRequester, needsReplacementApprover: approvers.length === 0 }
}
