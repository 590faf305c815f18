import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { requiredApprovers, type OwnerReplacement } from './required-approvers'
import { summarizeSignOffs, type SignOffRecord } from './summarize'
import { normalizeSignature, validateSignOff } from './validate-sign-off'

const ann = { id: 'ann', name: 'Ann Lee' }
const bob = { id: 'bob', name: 'Bob Stone' }
const req = { id: 'req', name: 'Rae Quest' }

const active = (p: { id: string; name: string }) => ({ ...p, active: true })
/** One service per owner, named after them. */
const ownedBy = (...owners: { id: string; name: string; active?: boolean }[]) =>
  owners.map((o, i) => ({ id: `svc-${i}`, name: `Service ${i}`, owner: { active: true, ...o } }))
const required = (serviceOwners: { id: string; name: string; active?: boolean }[], nominated: { id: string; name: string }[], replacements: OwnerReplacement[] = []) =>
  requiredApprovers({ requesterId: 'req', services: ownedBy(...serviceOwners), replacements, nominated })

describe('requiredApprovers', () => {
  it('lists owners then nominees, deduplicated, keeping SERVICE_OWNER', () => {
    expect(required([ann, ann], [bob, ann])).toEqual({
      approvers: [
        { ...ann, source: 'SERVICE_OWNER' },
        { ...bob, source: 'NOMINATED' },
      ],
      excludedRequester: false,
      needsReplacementApprover: false,
      vacantSeats: [],
    })
  })
  it('never includes the requester, and says so', () => {
    const r = required([req, ann], [req])
    expect(r.approvers.map((a) => a.id)).toEqual(['ann'])
    expect(r.excludedRequester).toBe(true)
    expect(r.needsReplacementApprover).toBe(false)
  })
  it('flags when nobody is left', () => {
    expect(required([req], [])).toMatchObject({ approvers: [], excludedRequester: true, needsReplacementApprover: true })
    expect(required([], []).needsReplacementApprover).toBe(true)
  })
  it('a replacement takes the owner’s place on every service that owner owns; the owner no longer signs', () => {
    const r = required([ann, ann, bob], [], [{ ownerId: 'ann', replacement: active({ id: 'cy', name: 'Cy' }) }])
    expect(r.approvers).toEqual([
      { id: 'cy', name: 'Cy', source: 'SERVICE_OWNER' },
      { ...bob, source: 'SERVICE_OWNER' },
    ])
  })
  it('an inactive owner (or inactive replacement) is not dropped silently: the seat is vacant, named by service', () => {
    const r = required([{ ...ann, active: false }, bob], [])
    expect(r.approvers.map((a) => a.id)).toEqual(['bob'])
    expect(r.vacantSeats).toEqual([{ serviceId: 'svc-0', serviceName: 'Service 0', holderName: 'Ann Lee', replaced: false }])
    const replacedByInactive = required([ann], [], [{ ownerId: 'ann', replacement: { id: 'cy', name: 'Cy', active: false } }])
    expect(replacedByInactive.vacantSeats).toEqual([{ serviceId: 'svc-0', serviceName: 'Service 0', holderName: 'Cy', replaced: true }])
    // Replacing an inactive owner with an active person fills the seat.
    expect(required([{ ...ann, active: false }], [], [{ ownerId: 'ann', replacement: active(bob) }])).toMatchObject({
      approvers: [{ ...bob, source: 'SERVICE_OWNER' }],
      vacantSeats: [],
    })
  })
  it('property: unique ids, never the requester, covers every other candidate', () => {
    const person = fc.constantFrom(ann, bob, req, { id: 'cy', name: 'Cy' })
    fc.assert(
      fc.property(fc.array(person), fc.array(person), (owners, nominated) => {
        const r = required(owners, nominated)
        const ids = r.approvers.map((a) => a.id)
        expect(new Set(ids).size).toBe(ids.length)
        expect(ids).not.toContain('req')
        expect(new Set(ids)).toEqual(new Set([...owners, ...nominated].map((p) => p.id).filter((id) => id !== 'req')))
        expect(r.excludedRequester).toBe([...owners, ...nominated].some((p) => p.id === 'req'))
      }),
    )
  })
  it('property: every service has an active signer in the list, or a vacant seat, never neither; a replaced owner never signs', () => {
    const person = fc.record({ id: fc.constantFrom('ann', 'bob', 'cy', 'dee'), active: fc.boolean() }).map((p) => ({ ...p, name: p.id }))
    fc.assert(
      fc.property(fc.array(person, { maxLength: 5 }), fc.array(fc.tuple(fc.constantFrom('ann', 'bob', 'cy', 'dee'), person), { maxLength: 3 }), (owners, pairs) => {
        const replacements = pairs.map(([ownerId, replacement]) => ({ ownerId, replacement }))
        const r = required(owners, [], replacements)
        const replacementOf = new Map(replacements.map((x) => [x.ownerId, x.replacement]))
        const ids = r.approvers.map((a) => a.id)
        owners.forEach((owner, i) => {
          const holder = replacementOf.get(owner.id) ?? owner
          const vacant = r.vacantSeats.some((s) => s.serviceId === `svc-${i}`)
          expect(vacant).toBe(!holder.active)
          if (holder.active) expect(ids).toContain(holder.id)
        })
        for (const id of replacementOf.keys()) {
          if (![...replacementOf.values()].some((x) => x.id === id)) expect(ids).not.toContain(id)
        }
      }),
    )
  })
})

describe('validateSignOff', () => {
  const change: { requesterId: string; approverIds: string[]; fingerprint: string | null } = { requesterId: 'req', approverIds: ['ann', 'bob'], fingerprint: 'fp1' }
  const good = { decision: 'APPROVED', statement: 'Reviewed the rollback plan and the test evidence.', signature: 'Ann Lee' }
  const errors = (input: unknown, signer = ann, c = change) => {
    const r = validateSignOff(input, signer, c)
    return r.ok ? {} : r.fieldErrors
  }
  it('accepts a proper sign-off; signature compare is case- and whitespace-insensitive', () => {
    expect(validateSignOff(good, ann, change)).toEqual({ ok: true })
    expect(validateSignOff({ ...good, signature: '  ann   LEE ' }, ann, change)).toEqual({ ok: true })
    expect(validateSignOff({ ...good, fingerprint: 'fp1' }, ann, change)).toEqual({ ok: true })
  })
  it('rejects a signature that is not the account name, naming it', () => {
    expect(errors({ ...good, signature: 'Ann' }).signature).toEqual(['The signature must match your account name exactly: Ann Lee'])
    expect(errors({ ...good, signature: 'Bob Stone' }).signature).toHaveLength(1)
  })
  it.each(['ok', 'lgtm', 'Looks good to me', 'ok ok ok ok', 'approved, fine by me'.slice(0, 19)])('rejects the thin statement "%s"', (statement) => {
    expect(errors({ ...good, statement }).statement?.[0]).toMatch(/at least 20 characters and 4 words/)
  })
  it('requires a reason for a rejection', () => {
    expect(errors({ ...good, decision: 'REJECTED', statement: 'no' }).statement).toEqual([
      'Explain why you reject this change (at least 20 characters and 4 words).',
    ])
    expect(validateSignOff({ ...good, decision: 'REJECTED', statement: 'The rollback plan does not cover the schema migration.' }, ann, change)).toEqual({ ok: true })
  })
  it('refuses the requester and non-approvers', () => {
    expect(errors({ ...good, signature: 'Rae Quest' }, req, { ...change, approverIds: ['ann', 'req'] }).form).toEqual([
      'You raised this change, so you cannot sign it off.',
    ])
    expect(errors({ ...good, signature: 'Cy' }, { id: 'cy', name: 'Cy' }).form).toEqual(['You are not a required approver of this change.'])
  })
  it('refuses an unsubmitted change and a revision that changed under the signer', () => {
    expect(errors(good, ann, { ...change, fingerprint: null }).form?.[0]).toMatch(/not been submitted/)
    expect(errors({ ...good, fingerprint: 'fp0' }).form?.[0]).toMatch(/revised while you were reading/)
  })
  it('reports bad decisions and missing fields together', () => {
    const e = errors({ decision: 'MAYBE' })
    expect(Object.keys(e).sort()).toEqual(['decision', 'signature', 'statement'])
    expect(validateSignOff(null, ann, change).ok).toBe(false)
  })
  it('normalizeSignature', () => {
    expect(normalizeSignature(' Jose\u0301  Q ')).toBe('jos\u00e9 q')
  })
})

describe('summarizeSignOffs', () => {
  const at = (iso: string) => new Date(iso)
  const so = (approverId: string, decision: 'APPROVED' | 'REJECTED', fingerprint: string, revisionNumber: number, signedAt: string): SignOffRecord & { statement: string } => ({
    approverId,
    decision,
    fingerprint,
    revisionNumber,
    signedAt: at(signedAt),
    statement: `${approverId} r${revisionNumber}`,
  })
  it('counts only the current fingerprint; older ones are stale, newest first', () => {
    const s = summarizeSignOffs(
      [ann, bob],
      [so('ann', 'APPROVED', 'fp1', 1, '2026-01-01'), so('ann', 'APPROVED', 'fp2', 2, '2026-01-03'), so('bob', 'APPROVED', 'fp1', 1, '2026-01-02'), so('bob', 'REJECTED', 'fp0', 0, '2025-12-01')],
      'fp2',
    )
    expect(s.perApprover[0]).toMatchObject({ approverId: 'ann', name: 'Ann Lee', status: 'APPROVED', current: { revisionNumber: 2, statement: 'ann r2' } })
    expect(s.perApprover[0]?.stale.map((x) => x.revisionNumber)).toEqual([1])
    expect(s.perApprover[1]).toMatchObject({ approverId: 'bob', status: 'PENDING' })
    expect(s.perApprover[1]?.current).toBeUndefined()
    expect(s.perApprover[1]?.stale.map((x) => x.revisionNumber)).toEqual([1, 0])
    expect(s).toMatchObject({ allApproved: false, anyRejected: false, pending: [bob] })
  })
  it('allApproved only when every required approver approved the current fingerprint', () => {
    const s = summarizeSignOffs([ann, bob], [so('ann', 'APPROVED', 'fp', 1, '2026-01-01'), so('bob', 'APPROVED', 'fp', 1, '2026-01-01')], 'fp')
    expect(s).toMatchObject({ allApproved: true, anyRejected: false, pending: [] })
  })
  it('a rejection of the current fingerprint is anyRejected; the newest decision counts', () => {
    const s = summarizeSignOffs([ann], [so('ann', 'APPROVED', 'fp', 1, '2026-01-01'), so('ann', 'REJECTED', 'fp', 2, '2026-01-02')], 'fp')
    expect(s).toMatchObject({ allApproved: false, anyRejected: true, perApprover: [{ status: 'REJECTED' }] })
  })
  it('is never allApproved with no required approvers or no fingerprint', () => {
    expect(summarizeSignOffs([], [], 'fp').allApproved).toBe(false)
    const s = summarizeSignOffs([ann], [so('ann', 'APPROVED', 'fp', 1, '2026-01-01')], null)
    expect(s).toMatchObject({ allApproved: false, pending: [ann] })
    expect(s.perApprover[0]?.stale).toHaveLength(1)
  })
  it('ignores sign-offs by people who are not required approvers', () => {
    expect(summarizeSignOffs([ann], [so('eve', 'REJECTED', 'fp', 1, '2026-01-01')], 'fp')).toMatchObject({ anyRejected: false, pending: [ann] })
  })
  it('property: allApproved ⇔ every approver has an APPROVED newest sign-off on the current fingerprint', () => {
    const arbSo = fc.record({
      approverId: fc.constantFrom('ann', 'bob'),
      decision: fc.constantFrom('APPROVED' as const, 'REJECTED' as const),
      fingerprint: fc.constantFrom('fp1', 'fp2'),
      revisionNumber: fc.nat(5),
      signedAt: fc.integer({ min: 0, max: 1e6 }).map((n) => new Date(n * 1000)),
    })
    fc.assert(
      fc.property(fc.array(arbSo, { maxLength: 8 }), fc.constantFrom('fp1', 'fp2'), (rows, fp) => {
        const s = summarizeSignOffs([ann, bob], rows, fp)
        const newest = (id: string) =>
          rows.filter((r) => r.approverId === id && r.fingerprint === fp).sort((a, b) => b.signedAt.getTime() - a.signedAt.getTime() || b.revisionNumber - a.revisionNumber)[0]
        expect(s.allApproved).toBe(['ann', 'bob'].every((id) => newest(id)?.decision === 'APPROVED'))
        for (const p of s.perApprover) expect(p.stale.every((x) => x.fingerprint !== fp)).toBe(true)
      }),
    )
  })
})
