import { describe, expect, it } from 'vitest'
import { prisma } from '@/lib/server/db'
import { recordAudit } from '@/lib/server/audit/record-audit'
import { createService, createUser } from '@/tests/factories'
import { createChange } from '@/tests/factories/change-requests'

// The audit trail is append-only evidence: every event is checked against the
// vocabulary (lib/domain/audit/events.ts) before it is written, so a writer
// that drifts from it fails in the tests instead of leaving rows that can only
// be shown as a bare action name.
const entityId = 'record-audit-test'
async function eventOnAChange() {
  const requester = await createUser({ roles: ['REQUESTER'] })
  const owner = await createUser({ roles: ['APPROVER'] })
  const service = await createService({ ownerId: owner.id })
  const change = await createChange(prisma, { requesterId: requester.id, serviceIds: [service.id], title: 'Audit vocabulary' })
  return { actorId: null, changeId: change.id, entityType: 'change' as const, entityId }
}

describe('recordAudit', () => {
  it('refuses an event whose details do not match its schema, or an action outside the vocabulary, and writes nothing', async () => {
    // The shape a freeze exception was once written with: no fingerprint or justification.
    const base = await eventOnAChange()
    const drifted = { ...base, action: 'freeze-exception.granted', details: { freezeId: 'f', freezeName: 'Year-end', revisionNumber: 1 } }
    await expect(prisma.$transaction((tx) => recordAudit(tx, [drifted]))).rejects.toThrow(/freeze-exception.granted" does not match its schema/)
    await expect(prisma.$transaction((tx) => recordAudit(tx, [{ ...base, action: 'change.exploded', details: {} }]))).rejects.toThrow(/does not match its schema/)
    // Events about other records too: a service named in entityId, its edit in the details.
    const service = { actorId: null, entityType: 'service' as const, entityId }
    await expect(prisma.$transaction((tx) => recordAudit(tx, [{ ...service, action: 'service.updated', details: { serviceId: 's', name: 'Payments' } }]))).rejects.toThrow(/service.updated" does not match/)
    expect(await prisma.auditEvent.count({ where: { entityId } })).toBe(0)
  })

  it('writes a valid event with the details as given, fields beyond the vocabulary included', async () => {
    const base = await eventOnAChange()
    const details = { freezeId: 'f', freezeName: 'Year-end', revision: 2, fingerprint: 'abc', justification: 'The fix cannot wait.', freezeRevision: 3 }
    await prisma.$transaction((tx) => recordAudit(tx, [{ ...base, action: 'freeze-exception.granted', details }]))
    const written = await prisma.auditEvent.findFirstOrThrow({ where: { entityId } })
    expect(written.details).toEqual(details)
  })
})
