import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { LIMITS } from '@/lib/domain/shared/limits'
import { ZAddCommentInput, ZChangeFields, ZPostStatusUpdateInput } from '@/lib/server/change-requests/schemas'
import { ZFreezeFields, ZGrantFreezeExceptionInput } from '@/lib/server/freezes/schemas'
import { ZScheduleChangeInput, ZUnscheduleChangeInput } from '@/lib/server/scheduling/schemas'
import { ZRecordSignOffInput, ZReplaceOwnerInput } from '@/lib/server/sign-offs/schemas'
import { ZCreateApiTokenInput, ZCreateServiceAccountInput } from '@/lib/server/users/schemas'
import { ZApiChangeFields } from '@/lib/server/change-requests/schemas'

const ID = '00000000-0000-4000-8000-000000000001'
const ids = (n: number) => Array.from({ length: n }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`)
const words = (length: number) => 'word '.repeat(Math.ceil(length / 5)).slice(0, length)

// Each case: a schema, a valid input, and the field pushed one past its limit.
const cases: [string, z.ZodType, Record<string, unknown>, string, unknown][] = [
  ['sign-off statement', ZRecordSignOffInput, { changeId: ID, revision: 1, fingerprint: 'a'.repeat(64), statement: 'ok' }, 'statement', 'x'.repeat(LIMITS.statement + 1)],
  ['sign-off signature', ZRecordSignOffInput, { changeId: ID, revision: 1, fingerprint: 'a'.repeat(64) }, 'signature', 'x'.repeat(LIMITS.signature + 1)],
  ['sign-off fingerprint', ZRecordSignOffInput, { changeId: ID, revision: 1, fingerprint: 'a'.repeat(64) }, 'fingerprint', 'a'.repeat(LIMITS.fingerprint + 1)],
  ['comment', ZAddCommentInput, { changeId: ID, body: 'A concern.' }, 'body', 'x'.repeat(LIMITS.comment + 1)],
  ['status update', ZPostStatusUpdateInput, { changeId: ID, body: 'Step 2 of 4 done.' }, 'body', 'x'.repeat(LIMITS.statusUpdate + 1)],
  ['change purpose', ZChangeFields, { title: 'T' }, 'purpose', 'x'.repeat(LIMITS.changeText + 1)],
  ['change rollback plan', ZChangeFields, { title: 'T' }, 'rollbackPlan', 'x'.repeat(LIMITS.changeText + 1)],
  ['change title', ZChangeFields, { title: 'T' }, 'title', 'x'.repeat(LIMITS.title + 1)],
  ['change window', ZChangeFields, { title: 'T' }, 'windowStart', '2031-01-01T10:00'.padEnd(LIMITS.dateTime + 1, '0')],
  ['change services', ZChangeFields, { title: 'T' }, 'serviceIds', ids(LIMITS.idList + 1)],
  ['change approvers', ZChangeFields, { title: 'T' }, 'approverIds', ids(LIMITS.idList + 1)],
  ['acknowledged conflicts', ZScheduleChangeInput, { changeId: ID }, 'acknowledgedConflictIds', ids(LIMITS.idList + 1)],
  ['unschedule reason', ZUnscheduleChangeInput, { changeId: ID, reason: 'A long enough reason.' }, 'reason', words(LIMITS.reason + 1)],
  ['exception justification', ZGrantFreezeExceptionInput, { changeId: ID, freezeId: ID, revision: 1, fingerprint: 'a'.repeat(64), justification: 'The fix must ship before the freeze ends.' }, 'justification', words(LIMITS.justification + 1)],
  ['owner replacement reason', ZReplaceOwnerInput, { changeId: ID, ownerId: ID, replacementId: ids(2)[1], reason: 'Owner is on leave.' }, 'reason', words(LIMITS.reason + 1)],
  ['API token name', ZCreateApiTokenInput, { name: 'ci', scope: 'READ' }, 'name', 'x'.repeat(LIMITS.name + 1)],
  ['API token expiry', ZCreateApiTokenInput, { name: 'ci', scope: 'READ', expiresInDays: 365 }, 'expiresInDays', 366],
  ['service account name', ZCreateServiceAccountInput, { name: 'Bot', roles: ['REQUESTER'] }, 'name', 'x'.repeat(LIMITS.name + 1)],
  ['API change purpose', ZApiChangeFields, { title: 'T', windowStart: '2031-01-01T10:00:00Z' }, 'purpose', 'x'.repeat(LIMITS.changeText + 1)],
  ['API change window', ZApiChangeFields, { title: 'T' }, 'windowEnd', '2031-01-01T10:00:00Z'.padEnd(LIMITS.dateTime + 1, '0')],
  ['freeze services', ZFreezeFields, { name: 'N', reason: 'R', startsAtLocal: '2031-01-01T00:00', endsAtLocal: '2031-01-02T00:00', timeZone: 'UTC', scope: 'SELECTED_SERVICES', severity: 'SOFT' }, 'serviceIds', ids(LIMITS.idList + 1)],
]

describe('every input is bounded', () => {
  it.each(cases)('%s: the valid input passes and one past the limit is refused on that field', (_label, schema, valid, field, tooBig) => {
    expect(schema.safeParse(valid).success).toBe(true)
    const result = schema.safeParse({ ...valid, [field]: tooBig })
    expect(result.success).toBe(false)
    expect(result.error?.issues.map((i) => i.path[0])).toContain(field)
  })
})
