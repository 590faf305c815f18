// The REST API with API tokens: route handlers called directly with real
// Requests against a real PostgreSQL. Session (cookie) paths need Next's
// request scope and are covered by e2e/api-tokens.spec.ts.
import { describe, expect, it } from 'vitest'
import { GET as listChangesRoute, POST as createChangeRoute } from '@/app/api/v1/changes/route'
import { GET as getChangeRoute, PATCH as patchChangeRoute } from '@/app/api/v1/changes/[id]/route'
import { POST as submitRoute } from '@/app/api/v1/changes/[id]/submit/route'
import { POST as cancelRoute } from '@/app/api/v1/changes/[id]/cancel/route'
import { POST as startRoute } from '@/app/api/v1/changes/[id]/start/route'
import { POST as outcomeRoute } from '@/app/api/v1/changes/[id]/outcome/route'
import { GET as gateRoute, POST as scheduleRoute } from '@/app/api/v1/changes/[id]/schedule/route'
import { POST as signOffRoute } from '@/app/api/v1/changes/[id]/sign-offs/route'
import { GET as listFreezesRoute } from '@/app/api/v1/freezes/route'
import { GET as getFreezeRoute } from '@/app/api/v1/freezes/[id]/route'
import { GET as listServicesRoute } from '@/app/api/v1/services/route'
import { POST as deploymentRoute } from '@/app/api/v1/changes/[id]/deployments/route'
import { GET as pipelineGateRoute } from '@/app/api/v1/gate/route'
import { GET as metricsRoute } from '@/app/api/v1/metrics/route'
import { HUMAN_ONLY_DENIAL } from '@/lib/domain/authz/policy'
import type { Actor } from '@/lib/domain/shared/types'
import { generateApiToken } from '@/lib/server/auth/token-format'
import { verifyCredentials } from '@/lib/server/auth/verify-credentials'
import { prisma } from '@/lib/server/db'
import { isAppError } from '@/lib/server/errors'
import { grantFreezeException } from '@/lib/server/freezes/grant-freeze-exception'
import {
  createOwnApiToken,
  createServiceAccount,
  createServiceAccountToken,
  listOwnApiTokens,
  revokeOwnApiToken,
} from '@/lib/server/users/api-tokens'
import { ZCreateApiTokenInput } from '@/lib/server/users/schemas'
import { createService, createUser, uniqueSuffix } from '@/tests/factories'
import { createChange } from '@/tests/factories/change-requests'
import { createSubmittedChange } from '@/tests/factories/sign-offs'
import { arrangeFreeze, exceptionInput } from './freezes-support'

const HOUR = 3_600_000
const DAY = 24 * HOUR

type Handler = (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>
type Call = { method: string; path: string; token?: string; body?: unknown; headers?: Record<string, string> }

async function call(handler: Handler | ((request: Request) => Promise<Response>), { method, path, token, body, headers = {} }: Call, id = '') {
  const request = new Request(`http://localhost${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const response = await (handler as Handler)(request, { params: Promise.resolve({ id }) })
  const text = await response.text()
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : null) as Record<string, unknown> & { error?: { code: string; message: string } } }
}

async function tokenFor(userId: string, scope: 'READ' | 'WRITE', extra: { expiresAt?: Date; revokedAt?: Date } = {}) {
  const { token, hash, prefix } = generateApiToken()
  const row = await prisma.apiToken.create({
    data: { userId, createdById: userId, name: `test ${uniqueSuffix()}`, scope, hash, prefix, expiresAt: extra.expiresAt ?? new Date(Date.now() + DAY), revokedAt: extra.revokedAt },
  })
  return { token, id: row.id }
}

async function person(roles: Actor['roles']) {
  const user = await createUser({ roles: [...roles] })
  return { ...user, actor: { id: user.id, name: user.name, roles } as Actor }
}

const people = async () => {
  const requester = await person(['REQUESTER'])
  const approver = await person(['APPROVER'])
  const manager = await person(['CHANGE_MANAGER', 'APPROVER'])
  const admin = await person(['ADMIN'])
  const service = await createService({ ownerId: approver.id })
  return { requester, approver, manager, admin, service }
}

describe('every route refuses missing, unknown, revoked, expired and deactivated credentials, and read tokens on writes', async () => {
  const { requester, manager, admin, service } = await people()
  const change = await createChange(prisma, { requesterId: requester.id, serviceIds: [service.id], status: 'DRAFT' })
  const freeze = await arrangeFreeze({ createdById: admin.id, startsAt: new Date(Date.now() + DAY), endsAt: new Date(Date.now() + 2 * DAY) })

  const ROUTES: { name: string; handler: Handler; method: string; path: string; write: boolean; id: string; body?: unknown }[] = [
    { name: 'GET /changes', handler: listChangesRoute, method: 'GET', path: '/api/v1/changes', write: false, id: '' },
    { name: 'POST /changes', handler: createChangeRoute, method: 'POST', path: '/api/v1/changes', write: true, id: '', body: { title: 'x' } },
    { name: 'GET /changes/:id', handler: getChangeRoute, method: 'GET', path: `/api/v1/changes/${change.id}`, write: false, id: change.id },
    { name: 'PATCH /changes/:id', handler: patchChangeRoute, method: 'PATCH', path: `/api/v1/changes/${change.id}`, write: true, id: change.id, body: { title: 'y' } },
    { name: 'POST submit', handler: submitRoute, method: 'POST', path: `/api/v1/changes/${change.id}/submit`, write: true, id: change.id, body: {} },
    { name: 'POST cancel', handler: cancelRoute, method: 'POST', path: `/api/v1/changes/${change.id}/cancel`, write: true, id: change.id, body: { reason: 'r' } },
    { name: 'POST start', handler: startRoute, method: 'POST', path: `/api/v1/changes/${change.id}/start`, write: true, id: change.id, body: {} },
    { name: 'POST outcome', handler: outcomeRoute, method: 'POST', path: `/api/v1/changes/${change.id}/outcome`, write: true, id: change.id, body: { outcome: 'complete', notes: 'n' } },
    { name: 'GET schedule', handler: gateRoute, method: 'GET', path: `/api/v1/changes/${change.id}/schedule`, write: false, id: change.id },
    { name: 'POST schedule', handler: scheduleRoute, method: 'POST', path: `/api/v1/changes/${change.id}/schedule`, write: true, id: change.id, body: {} },
    { name: 'POST sign-offs', handler: signOffRoute, method: 'POST', path: `/api/v1/changes/${change.id}/sign-offs`, write: true, id: change.id, body: {} },
    { name: 'GET /freezes', handler: listFreezesRoute, method: 'GET', path: '/api/v1/freezes', write: false, id: '' },
    { name: 'GET /freezes/:id', handler: getFreezeRoute, method: 'GET', path: `/api/v1/freezes/${freeze.id}`, write: false, id: freeze.id },
    { name: 'GET /services', handler: listServicesRoute, method: 'GET', path: '/api/v1/services', write: false, id: '' },
    { name: 'GET /gate', handler: pipelineGateRoute, method: 'GET', path: `/api/v1/gate?service=${service.id}`, write: false, id: '' },
    { name: 'POST deployments', handler: deploymentRoute, method: 'POST', path: `/api/v1/changes/${change.id}/deployments`, write: true, id: change.id, body: { status: 'started' } },
    { name: 'GET /metrics', handler: metricsRoute, method: 'GET', path: '/api/v1/metrics', write: false, id: '' },
  ]

  const revoked = await tokenFor(manager.id, 'WRITE', { revokedAt: new Date(Date.now() - 1000) })
  const expired = await tokenFor(manager.id, 'WRITE', { expiresAt: new Date(Date.now() - 1000) })
  const gone = await person(['CHANGE_MANAGER'])
  const goneToken = await tokenFor(gone.id, 'WRITE')
  await prisma.user.update({ where: { id: gone.id }, data: { active: false } })
  const read = await tokenFor(manager.id, 'READ')
  const unknown = generateApiToken().token

  it.each(ROUTES)('$name', async (route) => {
    const request = (token?: string, headers?: Record<string, string>) => call(route.handler, { method: route.method, path: route.path, token, body: route.body, headers }, route.id)

    const none = await request()
    expect(none.status).toBe(401)
    expect(none.body.error?.code).toBe('UNAUTHENTICATED')
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/)

    for (const [token, message] of [
      [unknown, 'This API token is not valid.'],
      ['cb_short', 'This API token is not valid.'],
      [revoked.token, 'This API token has been revoked.'],
      [expired.token, 'This API token has expired.'],
      [goneToken.token, 'The account this API token belongs to is deactivated.'],
    ] as const) {
      const refused = await request(token)
      expect(refused.status).toBe(401)
      expect(refused.body.error).toEqual({ code: 'UNAUTHENTICATED', message })
      expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer/)
    }

    const withRead = await request(read.token)
    if (route.write) {
      expect(withRead.status).toBe(403)
      expect(withRead.body.error?.message).toMatch(/read scope/)
    } else {
      expect(withRead.status).toBe(200)
    }
  })

  it('a malformed Authorization header is 401, not a fall-back to the session', async () => {
    const refused = await call(listChangesRoute, { method: 'GET', path: '/api/v1/changes', headers: { authorization: 'Basic YTpi', cookie: 'next-auth.session-token=x' } })
    expect(refused.status).toBe(401)
  })

  it('a deactivated user’s tokens stop working at once, and work again when reactivated', async () => {
    const user = await person(['REQUESTER'])
    const { token } = await tokenFor(user.id, 'READ')
    expect((await call(listServicesRoute, { method: 'GET', path: '/api/v1/services', token })).status).toBe(200)
    await prisma.user.update({ where: { id: user.id }, data: { active: false } })
    expect((await call(listServicesRoute, { method: 'GET', path: '/api/v1/services', token })).status).toBe(401)
    await prisma.user.update({ where: { id: user.id }, data: { active: true } })
    expect((await call(listServicesRoute, { method: 'GET', path: '/api/v1/services', token })).status).toBe(200)
  })
})

describe('changes through the API, with a write token', async () => {
  const { requester, approver, manager, service } = await people()
  const { token } = await tokenFor(requester.id, 'WRITE')
  const managerToken = (await tokenFor(manager.id, 'WRITE')).token
  const title = `API change ${uniqueSuffix()}`
  const windowStart = new Date(Math.ceil((Date.now() + 5 * DAY) / 60_000) * 60_000)

  it('creates a draft, reads it, edits it with If-Match, and refuses a stale version with 412', async () => {
    const created = await call(createChangeRoute, {
      method: 'POST',
      path: '/api/v1/changes',
      token,
      body: { title, purpose: 'Rotate keys', serviceIds: [service.id], windowStart: windowStart.toISOString(), windowEnd: new Date(windowStart.getTime() + 2 * HOUR).toISOString() },
    })
    expect(created.status).toBe(201)
    const change = created.body.change as { id: string; status: string; version: number; windowStart: string; requester: { id: string }; services: { id: string }[] }
    expect(change).toMatchObject({ status: 'DRAFT', windowStart: windowStart.toISOString(), requester: { id: requester.id }, services: [{ id: service.id }] })
    expect(created.headers.get('location')).toBe(`/api/v1/changes/${change.id}`)

    const got = await call(getChangeRoute, { method: 'GET', path: `/api/v1/changes/${change.id}`, token }, change.id)
    expect(got.status).toBe(200)
    expect(got.body.change).toMatchObject({ id: change.id, title, purpose: 'Rotate keys', version: change.version })

    const missing = await call(patchChangeRoute, { method: 'PATCH', path: `/api/v1/changes/${change.id}`, token, body: { purpose: 'x' } }, change.id)
    expect(missing.status).toBe(400)

    const patched = await call(
      patchChangeRoute,
      { method: 'PATCH', path: `/api/v1/changes/${change.id}`, token, body: { rollbackPlan: 'Restore the old keys.' }, headers: { 'if-match': String(change.version) } },
      change.id,
    )
    expect(patched.status).toBe(200)
    // Fields left out keep their values.
    expect(patched.body.change).toMatchObject({ title, purpose: 'Rotate keys', rollbackPlan: 'Restore the old keys.', version: change.version + 1, windowStart: windowStart.toISOString() })

    const stale = await call(
      patchChangeRoute,
      { method: 'PATCH', path: `/api/v1/changes/${change.id}`, token, body: { purpose: 'Lost update' }, headers: { 'if-match': `"${change.version}"` } },
      change.id,
    )
    expect(stale.status).toBe(412)
    expect(stale.body.error?.code).toBe('PRECONDITION_FAILED')

    const bad = await call(patchChangeRoute, { method: 'PATCH', path: `/api/v1/changes/${change.id}`, token, body: { windowStart: '2026-12-01 10:00' }, headers: { 'if-match': String(change.version + 1) } }, change.id)
    expect(bad.status).toBe(400)
    expect(bad.body.error).toMatchObject({ code: 'INVALID_INPUT', fieldErrors: { windowStart: [expect.stringContaining('ISO 8601')] } })
  })

  it('lists with the list’s filters and a cursor', async () => {
    const tag = `Paged ${uniqueSuffix()}`
    for (let i = 0; i < 21; i++) await createChange(prisma, { requesterId: requester.id, serviceIds: [service.id], status: 'DRAFT', title: `${tag} ${i}` })
    const first = await call(listChangesRoute, { method: 'GET', path: `/api/v1/changes?q=${encodeURIComponent(tag)}&status=DRAFT`, token })
    expect(first.status).toBe(200)
    const items = first.body.items as { title: string; status: string }[]
    expect(items).toHaveLength(20)
    expect(items.every((item) => item.title.startsWith(tag) && item.status === 'DRAFT')).toBe(true)
    expect(typeof first.body.nextCursor).toBe('string')
    const second = await call(listChangesRoute, { method: 'GET', path: `/api/v1/changes?q=${encodeURIComponent(tag)}&status=DRAFT&cursor=${encodeURIComponent(String(first.body.nextCursor))}`, token })
    expect(second.body.items).toHaveLength(1)
    expect(second.body.nextCursor).toBeNull()
    const wrong = await call(listChangesRoute, { method: 'GET', path: '/api/v1/changes?status=NOPE', token })
    expect(wrong.status).toBe(400)
    expect(wrong.body.error).toMatchObject({ code: 'INVALID_INPUT', fieldErrors: { status: ['Unknown status.'] } })
  })

  it('submits and cancels with the same use cases (and policy) as the buttons', async () => {
    const draft = await createChange(prisma, { requesterId: requester.id, serviceIds: [service.id], status: 'DRAFT' })
    const submitted = await call(submitRoute, { method: 'POST', path: `/api/v1/changes/${draft.id}/submit`, token }, draft.id)
    expect(submitted.status).toBe(200)
    expect(submitted.body.change).toMatchObject({ status: 'SUBMITTED', revision: 1 })

    // A requester may not schedule a NORMAL change: the policy's own sentence.
    const schedule = await call(scheduleRoute, { method: 'POST', path: `/api/v1/changes/${draft.id}/schedule`, token, body: {} }, draft.id)
    expect(schedule.status).toBe(403)
    const gate = await call(gateRoute, { method: 'GET', path: `/api/v1/changes/${draft.id}/schedule`, token }, draft.id)
    expect(gate.status).toBe(200)
    expect(gate.body.ok).toBe(false)

    const noReason = await call(cancelRoute, { method: 'POST', path: `/api/v1/changes/${draft.id}/cancel`, token, body: {} }, draft.id)
    expect(noReason.status).toBe(400)
    const cancelled = await call(cancelRoute, { method: 'POST', path: `/api/v1/changes/${draft.id}/cancel`, token, body: { reason: 'Superseded by the vendor fix.' } }, draft.id)
    expect(cancelled.status).toBe(200)
    expect(cancelled.body.change).toMatchObject({ status: 'CANCELLED' })
  })

  it('starts a scheduled change in its window and records the outcome (change manager token)', async () => {
    const start = new Date(Date.now() + 5 * 60_000)
    const scheduled = await createChange(prisma, { requesterId: requester.id, serviceIds: [service.id], status: 'SCHEDULED', windowStart: start, windowEnd: new Date(start.getTime() + 2 * HOUR), managerId: manager.id })
    const refused = await call(startRoute, { method: 'POST', path: `/api/v1/changes/${scheduled.id}/start`, token }, scheduled.id)
    expect(refused.status).toBe(403)
    const started = await call(startRoute, { method: 'POST', path: `/api/v1/changes/${scheduled.id}/start`, token: managerToken }, scheduled.id)
    expect(started.status).toBe(200)
    expect(started.body.change).toMatchObject({ status: 'IN_PROGRESS' })
    const staleVersion = (started.body.change as { version: number }).version - 1
    const stale = await call(outcomeRoute, { method: 'POST', path: `/api/v1/changes/${scheduled.id}/outcome`, token: managerToken, body: { outcome: 'complete', notes: 'Done.', version: staleVersion } }, scheduled.id)
    expect(stale.status).toBe(412)
    const done = await call(outcomeRoute, { method: 'POST', path: `/api/v1/changes/${scheduled.id}/outcome`, token: managerToken, body: { outcome: 'complete', notes: 'Done, monitoring green.' } }, scheduled.id)
    expect(done.status).toBe(200)
    expect(done.body.change).toMatchObject({ status: 'COMPLETED' })
    const audit = await prisma.auditEvent.findMany({ where: { changeId: scheduled.id, action: { in: ['change.started', 'change.completed'] } }, select: { actorId: true } })
    expect(audit.map((a) => a.actorId)).toEqual([manager.id, manager.id])
  })

  it('refuses a sign-off by token with 403, even a write token of a required approver', async () => {
    const change = await createSubmittedChange(prisma, { requesterId: requester.id, serviceIds: [service.id] })
    const approverToken = (await tokenFor(approver.id, 'WRITE')).token
    const refused = await call(
      signOffRoute,
      {
        method: 'POST',
        path: `/api/v1/changes/${change.id}/sign-offs`,
        token: approverToken,
        body: { decision: 'APPROVED', statement: 'I have reviewed the plan and approve it.', signature: approver.name, revision: 1, fingerprint: change.fingerprint },
      },
      change.id,
    )
    expect(refused.status).toBe(403)
    expect(refused.body.error).toEqual({ code: 'FORBIDDEN', message: HUMAN_ONLY_DENIAL })
    expect(await prisma.signOff.count({ where: { changeId: change.id } })).toBe(0)
  })

  it('refuses a freeze exception granted with a token, in the use case itself', async () => {
    const other = await person(['REQUESTER'])
    const change = await createSubmittedChange(prisma, { requesterId: other.id, serviceIds: [service.id] })
    const freeze = await arrangeFreeze({ createdById: manager.id, startsAt: new Date(Date.now() + DAY), endsAt: new Date(Date.now() + 2 * DAY), severity: 'SOFT' })
    const viaToken: Actor = { ...manager.actor, via: 'token', tokenScope: 'WRITE' }
    const error = await grantFreezeException(viaToken, await exceptionInput(change.id, freeze.id, 'Needed before the sale starts.')).then(
      () => null,
      (e: unknown) => e,
    )
    expect(isAppError(error) && error.code === 'FORBIDDEN' && error.message === HUMAN_ONLY_DENIAL).toBe(true)
  })

  it('a request with a cookie and a bearer token is the token’s alone: no same-origin rule, no session', async () => {
    const created = await call(createChangeRoute, {
      method: 'POST',
      path: '/api/v1/changes',
      token,
      body: { title: `Both ${uniqueSuffix()}` },
      headers: { cookie: 'next-auth.session-token=whatever', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    })
    expect(created.status).toBe(201)
    expect(created.body.change).toMatchObject({ requester: { id: requester.id } })
  })

  it('answers 413 for an oversized body and 404 for an unknown change', async () => {
    const big = await call(createChangeRoute, { method: 'POST', path: '/api/v1/changes', token, body: { title: 'x', purpose: 'y'.repeat(70 * 1024) } })
    expect(big.status).toBe(413)
    expect(big.body.error?.code).toBe('PAYLOAD_TOO_LARGE')
    const missing = await call(getChangeRoute, { method: 'GET', path: '/api/v1/changes/00000000-0000-4000-8000-000000000000', token }, '00000000-0000-4000-8000-000000000000')
    expect(missing.status).toBe(404)
    const malformed = await call(getChangeRoute, { method: 'GET', path: '/api/v1/changes/nope', token }, 'nope')
    expect(malformed.status).toBe(404)
  })

  it('records when a token was last used, at most once a minute', async () => {
    const { token: fresh, id } = await tokenFor(requester.id, 'READ')
    expect((await prisma.apiToken.findUniqueOrThrow({ where: { id } })).lastUsedAt).toBeNull()
    await call(listServicesRoute, { method: 'GET', path: '/api/v1/services', token: fresh })
    const first = (await prisma.apiToken.findUniqueOrThrow({ where: { id } })).lastUsedAt
    expect(first).not.toBeNull()
    await call(listServicesRoute, { method: 'GET', path: '/api/v1/services', token: fresh })
    expect((await prisma.apiToken.findUniqueOrThrow({ where: { id } })).lastUsedAt).toEqual(first)
  })
})

describe('freezes and services', async () => {
  const { requester, admin, service } = await people()
  const { token } = await tokenFor(requester.id, 'READ')

  it('lists freezes and a freeze’s occurrences in a bounded range', async () => {
    const weekly = await arrangeFreeze({ createdById: admin.id, startsAt: new Date('2030-01-07T18:00:00Z'), endsAt: new Date('2030-01-07T22:00:00Z'), rrule: 'FREQ=WEEKLY;COUNT=10', name: `Weekly ${uniqueSuffix()}` })
    const list = await call(listFreezesRoute, { method: 'GET', path: '/api/v1/freezes', token })
    expect(list.status).toBe(200)
    expect(list.body.freezes).toEqual(expect.arrayContaining([expect.objectContaining({ id: weekly.id, severity: 'HARD', rrule: 'FREQ=WEEKLY;COUNT=10', allServices: true })]))

    const got = await call(getFreezeRoute, { method: 'GET', path: `/api/v1/freezes/${weekly.id}?from=2030-01-01T00:00:00Z&to=2030-01-22T00:00:00Z`, token }, weekly.id)
    expect(got.status).toBe(200)
    expect(got.body).toMatchObject({
      complete: true,
      range: { from: '2030-01-01T00:00:00.000Z', to: '2030-01-22T00:00:00.000Z' },
      occurrences: [
        { start: '2030-01-07T18:00:00.000Z', end: '2030-01-07T22:00:00.000Z' },
        { start: '2030-01-14T18:00:00.000Z', end: '2030-01-14T22:00:00.000Z' },
        { start: '2030-01-21T18:00:00.000Z', end: '2030-01-21T22:00:00.000Z' },
      ],
    })
    const tooWide = await call(getFreezeRoute, { method: 'GET', path: `/api/v1/freezes/${weekly.id}?from=2030-01-01T00:00:00Z&to=2032-01-01T00:00:00Z`, token }, weekly.id)
    expect(tooWide.status).toBe(400)
    const unknown = await call(getFreezeRoute, { method: 'GET', path: '/api/v1/freezes/nope', token }, 'nope')
    expect(unknown.status).toBe(404)
  })

  it('lists services with their owners', async () => {
    const list = await call(listServicesRoute, { method: 'GET', path: '/api/v1/services', token })
    expect(list.status).toBe(200)
    expect(list.body.services).toEqual(expect.arrayContaining([expect.objectContaining({ id: service.id, name: service.name, owner: expect.objectContaining({ id: service.ownerId }) })]))
  })
})

describe('token management', async () => {
  const { requester, admin, service } = await people()

  it('creates a token shown once, stores only its hash, lists and revokes it', async () => {
    const input = ZCreateApiTokenInput.parse({ name: 'deploy pipeline', scope: 'READ', expiresInDays: '' })
    const created = await createOwnApiToken(requester.actor, input)
    expect(created.token).toMatch(/^cb_[A-Za-z0-9_-]{43}$/)
    const row = await prisma.apiToken.findUniqueOrThrow({ where: { id: created.id } })
    expect(row.hash).not.toContain(created.token.slice(3))
    expect(JSON.stringify(row)).not.toContain(created.token)
    expect(Math.round((row.expiresAt.getTime() - row.createdAt.getTime()) / DAY)).toBe(90)
    const audit = await prisma.auditEvent.findMany({ where: { entityId: requester.id, action: 'user.api-token-created' }, select: { details: true } })
    expect(audit).toHaveLength(1)
    expect(JSON.stringify(audit)).not.toContain(created.token)

    const listed = await listOwnApiTokens(requester.actor)
    expect(listed).toEqual([expect.objectContaining({ id: created.id, name: 'deploy pipeline', scope: 'READ', prefix: created.token.slice(0, 9), revokedAt: null })])
    expect(Object.keys(listed[0] ?? {})).not.toContain('hash')

    expect((await call(listServicesRoute, { method: 'GET', path: '/api/v1/services', token: created.token })).status).toBe(200)
    await revokeOwnApiToken(requester.actor, { tokenId: created.id })
    expect((await call(listServicesRoute, { method: 'GET', path: '/api/v1/services', token: created.token })).status).toBe(401)
  })

  it('limits the expiry to a year and refuses someone else’s token', async () => {
    expect(ZCreateApiTokenInput.safeParse({ name: 'x', scope: 'WRITE', expiresInDays: 366 }).success).toBe(false)
    expect(ZCreateApiTokenInput.safeParse({ name: 'x', scope: 'WRITE', expiresInDays: 365 }).success).toBe(true)
    expect(ZCreateApiTokenInput.safeParse({ name: '', scope: 'WRITE' }).success).toBe(false)
    const mine = await createOwnApiToken(requester.actor, { name: 'mine', scope: 'READ', expiresInDays: 1 })
    const other = await person(['REQUESTER'])
    const error = await revokeOwnApiToken(other.actor, { tokenId: mine.id }).then(
      () => null,
      (e: unknown) => e,
    )
    expect(isAppError(error) && error.code === 'NOT_FOUND').toBe(true)
  })

  it('a token cannot mint tokens', async () => {
    const error = await createOwnApiToken({ ...requester.actor, via: 'token', tokenScope: 'WRITE' }, { name: 'x', scope: 'WRITE', expiresInDays: 1 }).then(
      () => null,
      (e: unknown) => e,
    )
    expect(isAppError(error) && error.code === 'FORBIDDEN').toBe(true)
  })

  it('an admin creates a service account with a role and a token for it; it acts with that role and cannot sign in', async () => {
    const account = await createServiceAccount(admin.actor, { name: `Deploy bot ${uniqueSuffix()}`, roles: ['REQUESTER'] })
    const row = await prisma.user.findUniqueOrThrow({ where: { id: account.id } })
    expect(row).toMatchObject({ kind: 'SERVICE', passwordHash: null, oidcSubject: null })
    const { token } = await createServiceAccountToken(admin.actor, { userId: account.id, name: 'ci', scope: 'WRITE', expiresInDays: 30 })
    const created = await call(createChangeRoute, { method: 'POST', path: '/api/v1/changes', token, body: { title: 'Filed by the pipeline', serviceIds: [service.id] } })
    expect(created.status).toBe(201)
    expect(created.body.change).toMatchObject({ requester: { id: account.id } })

    // Even with a password hash written into its row by hand, it cannot sign in.
    const human = await createUser({ roles: ['REQUESTER'] })
    const { passwordHash } = await prisma.user.findUniqueOrThrow({ where: { id: human.id }, select: { passwordHash: true } })
    await prisma.user.update({ where: { id: account.id }, data: { passwordHash } })
    await expect(verifyCredentials(row.email, human.password)).resolves.toMatchObject({ ok: false })
    await expect(verifyCredentials(human.email, human.password)).resolves.toMatchObject({ ok: true })

    const notAdmin = await createServiceAccount(requester.actor, { name: 'x', roles: ['REQUESTER'] }).then(
      () => null,
      (e: unknown) => e,
    )
    expect(isAppError(notAdmin) && notAdmin.code === 'FORBIDDEN').toBe(true)
    // Tokens only for service accounts through the admin pages, never for a person.
    const forPerson = await createServiceAccountToken(admin.actor, { userId: requester.id, name: 'x', scope: 'WRITE', expiresInDays: 1 }).then(
      () => null,
      (e: unknown) => e,
    )
    expect(isAppError(forPerson) && forPerson.code === 'NOT_FOUND').toBe(true)
  })
})
