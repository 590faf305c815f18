import { describe, expect, it } from 'vitest'
import { ROLES, type Actor, type ChangeType, type Role } from '../shared/types'
import { ACTIONS, HUMAN_ONLY_DENIAL, can, whyDenied, type Action, type ChangeResource } from './policy'

// Actors: one per role, each either the requester of the change, a listed approver, or unrelated.
type Relation = 'requester' | 'approver' | 'other'
const actorFor = (role: Role, relation: Relation): Actor => ({
  id: relation === 'requester' ? 'u-req' : relation === 'approver' ? 'u-appr' : 'u-other',
  name: 'X',
  roles: [role],
})
const change = (type: ChangeType = 'NORMAL', status: ChangeResource['status'] = 'SUBMITTED'): ChangeResource => ({
  requesterId: 'u-req',
  status,
  type,
  approverIds: ['u-appr', 'u-req'], // the requester listed by mistake must still not sign
})

// Expected table for a NORMAL change in SUBMITTED. Cell letters: R = requester, A = approver-relation, O = other.
// Each cell lists which relations are allowed ('RAO' = all).
type Row = Record<Role, string>
const all: Row = { REQUESTER: 'RAO', APPROVER: 'RAO', CHANGE_MANAGER: 'RAO', ADMIN: 'RAO' }
const none: Row = { REQUESTER: '', APPROVER: '', CHANGE_MANAGER: '', ADMIN: '' }
const cm: Row = { ...none, CHANGE_MANAGER: 'RAO' }
const admin: Row = { ...none, ADMIN: 'RAO' }
const cmOrRequester: Row = { ...none, REQUESTER: 'R', CHANGE_MANAGER: 'RAO' }
// Segregation of duties: never on a change the actor raised, whatever their role.
const notOwn = (row: Row): Row => ({
  REQUESTER: row.REQUESTER.replace('R', ''),
  APPROVER: row.APPROVER.replace('R', ''),
  CHANGE_MANAGER: row.CHANGE_MANAGER.replace('R', ''),
  ADMIN: row.ADMIN.replace('R', ''),
})
const EXPECTED_NORMAL: Record<Action, Row> = {
  'change:create': { ...none, REQUESTER: 'RAO', CHANGE_MANAGER: 'RAO' },
  'change:read': all,
  'change:edit': cmOrRequester,
  'change:submit': cmOrRequester,
  'change:cancel': cmOrRequester,
  'change:comment': all,
  'change:schedule': cm,
  'change:unschedule': cm,
  'change:start': cm,
  'change:record-outcome': cm,
  'change:review': cm,
  'change:post-update': cmOrRequester,
  'change:manage-approvers': notOwn(cm),
  'change:sign-off': { ...none, APPROVER: 'A', CHANGE_MANAGER: 'A' },
  'change:watch': all,
  'freeze:manage': admin,
  'freeze-exception:grant-soft': notOwn({ ...none, ADMIN: 'RAO', CHANGE_MANAGER: 'RAO' }),
  'freeze-exception:grant-hard': notOwn(admin),
  'user:manage': admin,
  'outbox:manage': admin,
  'service:manage': admin,
  'service:watch': all,
  'calendar:read': all,
  'audit:read': all,
  'token:manage-own': all,
  'service-account:manage': admin,
  'metrics:read': { ...none, CHANGE_MANAGER: 'RAO', ADMIN: 'RAO' },
  'webhook:manage': admin,
  'template:read': all,
  'template:propose': cm,
  'template:sign-off': { ...none, APPROVER: 'RAO', CHANGE_MANAGER: 'RAO' },
  'template:reactivate': cm,
  'approver-group:manage': admin,
  'policy:manage': admin,
  'delegation:manage-own': { ...none, APPROVER: 'RAO', CHANGE_MANAGER: 'RAO' },
  'risk:manage': admin,
  // Only for an emergency change (EXPECTED_EMERGENCY).
  'freeze-exception:justify-emergency': none,
}
// Differences for an EMERGENCY change: its requester (or a change manager) may justify it into a SOFT freeze.
const EXPECTED_EMERGENCY: Record<Action, Row> = { ...EXPECTED_NORMAL, 'freeze-exception:justify-emergency': cmOrRequester }
// Differences for a STANDARD change: its requester may schedule, start and record the outcome.
const EXPECTED_STANDARD: Record<Action, Row> = {
  ...EXPECTED_NORMAL,
  'change:schedule': cmOrRequester,
  'change:start': cmOrRequester,
  'change:record-outcome': cmOrRequester,
}
// A DRAFT decides the same: even there its requester does not choose who signs.
const EXPECTED_DRAFT: Record<Action, Row> = EXPECTED_NORMAL

const RELATIONS: Relation[] = ['requester', 'approver', 'other']
const letter = { requester: 'R', approver: 'A', other: 'O' } as const

function cells(expected: Record<Action, Row>, resource: ChangeResource) {
  return ACTIONS.flatMap((action) =>
    ROLES.flatMap((role) =>
      RELATIONS.map((relation) => ({
        action,
        role,
        relation,
        resource,
        allowed: expected[action][role].includes(letter[relation]),
      })),
    ),
  )
}

describe('can(): full role × action × relation matrix', () => {
  it('covers every action in each table', () => {
    for (const table of [EXPECTED_NORMAL, EXPECTED_STANDARD, EXPECTED_DRAFT, EXPECTED_EMERGENCY]) expect(Object.keys(table).sort()).toEqual([...ACTIONS].sort())
  })
  describe.each([
    ['NORMAL / SUBMITTED', EXPECTED_NORMAL, change('NORMAL')],
    ['STANDARD / SUBMITTED', EXPECTED_STANDARD, change('STANDARD')],
    ['NORMAL / DRAFT', EXPECTED_DRAFT, change('NORMAL', 'DRAFT')],
    ['EMERGENCY / SUBMITTED', EXPECTED_EMERGENCY, change('EMERGENCY')],
  ] as const)('%s', (_label, expected, resource) => {
    it.each(cells(expected, resource))('$role ($relation) $action → $allowed', ({ action, role, relation, resource: r, allowed }) => {
      const actor = actorFor(role, relation)
      expect(can(actor, action, r)).toBe(allowed)
      // whyDenied is '' exactly when allowed, and a sentence otherwise.
      if (allowed) expect(whyDenied(actor, action, r)).toBe('')
      else expect(whyDenied(actor, action, r)).toMatch(/\.$/)
    })
  })
})

describe('can(): special cases', () => {
  const req = actorFor('REQUESTER', 'requester')
  it('denies unknown actions', () => {
    expect(can(req, 'change:delete' as Action, change())).toBe(false)
    expect(whyDenied(req, 'change:delete' as Action, change())).toBe('This action is not permitted.')
  })
  it('denies change-scoped actions without a resource', () => {
    const boss: Actor = { id: 'b', name: 'B', roles: [...ROLES] }
    expect(can(boss, 'change:edit')).toBe(false)
    expect(can(boss, 'change:sign-off')).toBe(false)
    expect(can(boss, 'change:create')).toBe(true)
    expect(can(boss, 'freeze:manage')).toBe(true)
  })
  it('never lets the requester sign off, choose approvers or grant freeze exceptions, whatever their roles', () => {
    const super_: Actor = { id: 'u-req', name: 'R', roles: [...ROLES] }
    for (const action of ['change:sign-off', 'change:manage-approvers', 'freeze-exception:grant-soft', 'freeze-exception:grant-hard'] as const) {
      for (const resource of [change(), change('EMERGENCY'), change('NORMAL', 'DRAFT')]) {
        expect(can(super_, action, resource)).toBe(false)
        expect(whyDenied(super_, action, resource)).toMatch(/raised this change/)
      }
    }
  })
  it('freeze exceptions need the change they are for', () => {
    const boss: Actor = { id: 'b', name: 'B', roles: [...ROLES] }
    expect(can(boss, 'freeze-exception:grant-soft')).toBe(false)
    expect(can(boss, 'freeze-exception:grant-hard')).toBe(false)
    expect(can(boss, 'freeze-exception:grant-soft', change())).toBe(true)
  })
  it('without approver ids, nobody counts as a required approver', () => {
    const { approverIds: _omitted, ...withoutApprovers } = change()
    expect(can(actorFor('APPROVER', 'approver'), 'change:sign-off', withoutApprovers)).toBe(false)
  })
  it('a requester acting on someone else’s change is refused', () => {
    expect(can(actorFor('REQUESTER', 'other'), 'change:edit', change())).toBe(false)
  })
  it('the requester without the REQUESTER role (revoked) cannot edit their change', () => {
    expect(can({ id: 'u-req', name: 'R', roles: ['APPROVER'] }, 'change:edit', change())).toBe(false)
  })
  it('roles combine', () => {
    const both: Actor = { id: 'u-appr', name: 'A', roles: ['REQUESTER', 'APPROVER'] }
    expect(can(both, 'change:sign-off', change())).toBe(true)
    expect(can(both, 'change:create')).toBe(true)
  })
  it('signed-in users with no roles may still read and comment', () => {
    const nobody: Actor = { id: 'n', name: 'N', roles: [] }
    expect(can(nobody, 'change:read', change())).toBe(true)
    expect(can(nobody, 'change:comment', change())).toBe(true)
    expect(can(nobody, 'change:create')).toBe(false)
  })
})

describe('can(): API tokens', () => {
  const boss: Actor = { id: 'u-appr', name: 'B', roles: [...ROLES] }
  const write: Actor = { ...boss, via: 'token', tokenScope: 'WRITE' }
  const read: Actor = { ...boss, via: 'token', tokenScope: 'READ' }

  it('never lets a token sign off or grant a freeze exception, whatever its scope or roles', () => {
    for (const actor of [write, read]) {
      for (const action of ['change:sign-off', 'freeze-exception:grant-soft', 'freeze-exception:grant-hard', 'freeze-exception:justify-emergency'] as const) {
        expect(can(actor, action, change('EMERGENCY'))).toBe(false)
        expect(whyDenied(actor, action, change('EMERGENCY'))).toBe(HUMAN_ONLY_DENIAL)
      }
    }
    // The same person in the browser may.
    expect(can(boss, 'change:sign-off', change())).toBe(true)
    expect(can({ ...boss, via: 'session' }, 'change:sign-off', change())).toBe(true)
  })

  it('keeps credential and user management in the browser', () => {
    for (const action of ['token:manage-own', 'service-account:manage', 'user:manage', 'webhook:manage', 'approver-group:manage', 'policy:manage', 'delegation:manage-own'] as const) {
      expect(can(boss, action)).toBe(true)
      expect(can(write, action)).toBe(false)
      expect(whyDenied(write, action)).toMatch(/browser/)
    }
  })

  it('a read token may only read', () => {
    const allowedToRead = ACTIONS.filter((action) => can(read, action, change('STANDARD')))
    // Its user is a change manager, so reading the board's metrics (reporting tools) is reading too.
    expect(allowedToRead.sort()).toEqual(['audit:read', 'calendar:read', 'change:read', 'metrics:read', 'template:read'])
    expect(whyDenied(read, 'change:create')).toMatch(/read scope/)
  })

  it('a write token acts with its user’s roles, like the browser, apart from the human-only actions', () => {
    for (const action of ACTIONS) {
      const expected = can(boss, action, change()) && !['change:sign-off', 'freeze-exception:grant-soft', 'freeze-exception:grant-hard', 'template:sign-off', 'freeze-exception:justify-emergency', 'token:manage-own', 'service-account:manage', 'user:manage', 'webhook:manage', 'approver-group:manage', 'policy:manage', 'delegation:manage-own'].includes(action)
      expect(can(write, action, change())).toBe(expected)
    }
    const requester: Actor = { id: 'r', name: 'R', roles: ['REQUESTER'], via: 'token', tokenScope: 'WRITE' }
    expect(can(requester, 'change:schedule', change())).toBe(false)
  })

  it('a token without a scope is treated as read-only (fails closed)', () => {
    expect(can({ ...boss, via: 'token' }, 'change:create')).toBe(false)
  })
})
