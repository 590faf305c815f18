// Who must sign a change off: for each affected service its owner (or whoever
// replaces that owner on this change), plus anyone nominated, never the
// requester (segregation of duties).
import type { ApproverSource, Person } from '../shared/types'

export type RequiredApprover = Person & { source: ApproverSource }

/** Someone who may hold an owner's place, with whether they can still sign. */
export type Signer = Person & { active: boolean }
export type OwnedService = { id: string; name: string; owner: Signer }
/** On this change, `replacement` signs in place of the owner `ownerId` (for every service that owner owns). */
export type OwnerReplacement = { ownerId: string; replacement: Signer }

/** A service whose owner's place is held by an inactive person: nobody can sign for it. */
export type VacantOwnerSeat = { serviceId: string; serviceName: string; holderName: string; replaced: boolean }

export type RequiredApproversResult = {
  approvers: RequiredApprover[]
  /** The requester owns an affected service (or was nominated) and was dropped. */
  excludedRequester: boolean
  /** Nobody is left to sign: a change manager must nominate an approver before submission. */
  needsReplacementApprover: boolean
  /** Never dropped silently: submission refuses while any is left. */
  vacantSeats: VacantOwnerSeat[]
}

export function requiredApprovers(input: {
  requesterId: string
  services: readonly OwnedService[]
  replacements: readonly OwnerReplacement[]
  nominated: readonly Person[]
}): RequiredApproversResult {
  const replacementOf = new Map(input.replacements.map((r) => [r.ownerId, r.replacement]))
  const vacantSeats: VacantOwnerSeat[] = []
  const owners: Person[] = []
  for (const service of input.services) {
    const replacement = replacementOf.get(service.owner.id)
    const holder = replacement ?? service.owner
    if (holder.active) owners.push({ id: holder.id, name: holder.name })
    else vacantSeats.push({ serviceId: service.id, serviceName: service.name, holderName: holder.name, replaced: replacement !== undefined })
  }

  const approvers: RequiredApprover[] = []
  const seen = new Set<string>()
  let excludedRequester = false
  // Owners first, so a person who is both keeps the stronger SERVICE_OWNER source.
  const candidates = [
    ...owners.map((p) => ({ ...p, source: 'SERVICE_OWNER' as const })),
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
  return { approvers, excludedRequester, needsReplacementApprover: approvers.length === 0, vacantSeats }
}
