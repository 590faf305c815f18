import 'server-only'
import { formatChangeNumber } from '@/lib/domain/change-request/number'
import type { ChangeStatus } from '@/lib/domain/shared/types'
import { statusChangeMovesGate, type WebhookEvent } from '@/lib/domain/webhooks/events'
import type { Tx } from '@/lib/server/db'
import { emitWebhookEvent } from './emit'

// The payloads of each event kind, built from what the transaction just wrote.
// Every function here runs inside the caller's transaction and costs one query
// when no active webhook subscribes to its kinds.

async function subscribed(tx: Tx, kinds: readonly WebhookEvent[]): Promise<Set<WebhookEvent>> {
  const hooks = await tx.webhook.findMany({ where: { active: true, events: { hasSome: [...kinds] } }, select: { events: true } })
  return new Set(hooks.flatMap((h) => h.events).filter((e): e is WebhookEvent => (kinds as readonly string[]).includes(e)))
}

/**
 * change.status_changed, and gate.changed when the change enters or leaves
 * SCHEDULED/IN_PROGRESS (lib/domain/webhooks/events.ts statusChangeMovesGate).
 */
export async function emitStatusChanged(tx: Tx, changeId: string, from: ChangeStatus, to: ChangeStatus, actorId: string | null): Promise<void> {
  if (from === to) return
  const kinds = await subscribed(tx, ['change.status_changed', 'gate.changed'])
  if (kinds.size === 0) return
  const change = await tx.changeRequest.findUniqueOrThrow({
    where: { id: changeId },
    select: { id: true, number: true, title: true, type: true, revision: true, windowStart: true, windowEnd: true, services: { select: { service: { select: { id: true, name: true } } } } },
  })
  const services = change.services.map((s) => s.service)
  const ref = {
    id: change.id,
    number: formatChangeNumber(change.number),
    title: change.title,
    type: change.type,
    status: to,
    revision: change.revision,
    windowStart: change.windowStart?.toISOString() ?? null,
    windowEnd: change.windowEnd?.toISOString() ?? null,
    services,
  }
  if (kinds.has('change.status_changed')) {
    await emitWebhookEvent(tx, 'change.status_changed', { change: ref, from, to, actorId })
  }
  if (kinds.has('gate.changed') && statusChangeMovesGate(from, to)) {
    await emitWebhookEvent(tx, 'gate.changed', {
      services,
      allServices: false,
      cause: { kind: 'change.status_changed', change: { id: ref.id, number: ref.number, from, to } },
    })
  }
}

/** signoff.recorded: who decided what on which revision; never the statement or the signature. */
export async function emitSignOffRecorded(
  tx: Tx,
  signOff: { id: string; decision: string; revision: number; approver: { id: string; name: string } },
  change: { id: string; number: number; statusAfter: ChangeStatus },
): Promise<void> {
  const kinds = await subscribed(tx, ['signoff.recorded'])
  if (kinds.size === 0) return
  await emitWebhookEvent(tx, 'signoff.recorded', {
    signOff,
    change: { id: change.id, number: formatChangeNumber(change.number), status: change.statusAfter },
  })
}

type SavedFreeze = {
  id: string
  name: string
  severity: 'HARD' | 'SOFT'
  startsAt: Date
  endsAt: Date
  timeZone: string
  rrule: string | null
  activeUntil: Date | null
  scope: 'ALL_SERVICES' | 'SELECTED_SERVICES'
  serviceIds: readonly string[]
  revision: number
}

/**
 * freeze.saved (declared or changed), and gate.changed for the services it
 * covers (after the save, and before it for an edit): a freeze saved on a
 * service may change what the gate answers for it.
 */
export async function emitFreezeSaved(tx: Tx, action: 'declared' | 'changed', freeze: SavedFreeze, before?: { allServices: boolean; serviceIds: readonly string[] }): Promise<void> {
  const kinds = await subscribed(tx, ['freeze.saved', 'gate.changed'])
  if (kinds.size === 0) return
  const allServices = freeze.scope === 'ALL_SERVICES' || before?.allServices === true
  const ids = [...new Set([...freeze.serviceIds, ...(before?.serviceIds ?? [])])]
  const services = allServices ? [] : await tx.service.findMany({ where: { id: { in: ids } }, select: { id: true, name: true }, orderBy: { name: 'asc' } })
  if (kinds.has('freeze.saved')) {
    await emitWebhookEvent(tx, 'freeze.saved', {
      action,
      freeze: {
        id: freeze.id,
        name: freeze.name,
        severity: freeze.severity,
        startsAt: freeze.startsAt.toISOString(),
        endsAt: freeze.endsAt.toISOString(),
        timeZone: freeze.timeZone,
        rrule: freeze.rrule,
        activeUntil: freeze.activeUntil?.toISOString() ?? null,
        allServices: freeze.scope === 'ALL_SERVICES',
        serviceIds: [...freeze.serviceIds],
        revision: freeze.revision,
      },
    })
  }
  if (kinds.has('gate.changed')) {
    await emitWebhookEvent(tx, 'gate.changed', { services, allServices, cause: { kind: 'freeze.saved', freeze: { id: freeze.id, name: freeze.name, action } } })
  }
}
