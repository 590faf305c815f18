import { describe, expect, it } from 'vitest'
import { CHANGE_STATUSES, type Actor, type ChangeStatus, type ChangeType, type Role } from '../shared/types'
import { LIMITS } from '../shared/limits'
import { ZStatusUpdateBody, decideStatusUpdate, mayPostStatusUpdate } from './status-update'

const change = (status: ChangeStatus, type: ChangeType = 'NORMAL') => ({ requesterId: 'u-req', status, type, approverIds: ['u-appr'] })
const actor = (id: string, ...roles: Role[]): Actor => ({ id, name: id, roles })

const requester = actor('u-req', 'REQUESTER')
const manager = actor('u-cm', 'CHANGE_MANAGER')
const approver = actor('u-appr', 'APPROVER')
const otherRequester = actor('u-other', 'REQUESTER')
const admin = actor('u-admin', 'ADMIN')

describe('decideStatusUpdate', () => {
  it.each(CHANGE_STATUSES)('%s: the requester and a change manager may post only while IN_PROGRESS', (status) => {
    for (const who of [requester, manager]) {
      const decision = decideStatusUpdate(who, change(status))
      if (status === 'IN_PROGRESS') expect(decision).toEqual({ ok: true })
      else expect(decision).toMatchObject({ ok: false, forbidden: false, reasons: [{ code: 'not-in-progress' }] })
    }
  })

  it.each([approver, otherRequester, admin])('$id never may, in any status (forbidden, with the policy’s sentence)', (who) => {
    for (const status of CHANGE_STATUSES) {
      const decision = decideStatusUpdate(who, change(status))
      expect(decision).toMatchObject({ ok: false, forbidden: true, reasons: [{ code: 'forbidden' }] })
      if (!decision.ok) expect(decision.reasons[0]?.message).toMatch(/requester of this change or a change manager/)
    }
  })

  it('the requester whose REQUESTER role was revoked may not', () => {
    expect(decideStatusUpdate(actor('u-req', 'APPROVER'), change('IN_PROGRESS'))).toMatchObject({ ok: false, forbidden: true })
  })

  it('is the same for STANDARD and EMERGENCY changes', () => {
    for (const type of ['STANDARD', 'EMERGENCY'] as const) {
      expect(mayPostStatusUpdate(requester, change('IN_PROGRESS', type))).toBe(true)
      expect(mayPostStatusUpdate(approver, change('IN_PROGRESS', type))).toBe(false)
    }
  })
})

describe('ZStatusUpdateBody', () => {
  it('trims and accepts a short note', () => {
    expect(ZStatusUpdateBody.parse('  step 2 of 4 done \n')).toBe('step 2 of 4 done')
  })
  it('refuses an empty or blank note', () => {
    expect(ZStatusUpdateBody.safeParse('   ').success).toBe(false)
    expect(ZStatusUpdateBody.safeParse('').success).toBe(false)
  })
  it(`refuses more than LIMITS.statusUpdate (${LIMITS.statusUpdate}) characters`, () => {
    expect(ZStatusUpdateBody.safeParse('x'.repeat(LIMITS.statusUpdate)).success).toBe(true)
    const tooLong = ZStatusUpdateBody.safeParse('x'.repeat(LIMITS.statusUpdate + 1))
    expect(tooLong.success).toBe(false)
    expect(tooLong.error?.issues[0]?.message).toMatch(/under 1000 characters/)
  })
})
