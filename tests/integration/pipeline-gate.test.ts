// The pipeline gate against real PostgreSQL: the loader (services by id or
// name, candidate changes, freezes, holding exceptions) with the pure
// decision, the route handler (called with a real API token, as a pipeline
// calls it; the session path is covered by e2e/pipeline-gate.spec.ts), fail-closed on
// database errors, and deployment reports through the lifecycle use cases.
import { PrismaPg } from '@prisma/adapter-pg'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ZAuditEvent } from '@/lib/domain/audit/events'
import type { Actor } from '@/lib/domain/shared/types'
import { PrismaClient } from '@/lib/generated/prisma/client'
import { prisma, type Tx } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'
import { log } from '@/lib/server/log'
import { reportDeployment } from '@/lib/server/lifecycle/deployments'
import { decidePipelineGate, type PipelineGateQuery } from '@/lib/server/lifecycle/pipeline-gate'
import { ZDeploymentReportInput } from '@/lib/server/lifecycle/schemas'
import { createOwnApiToken } from '@/lib/server/users/api-tokens'
import { POST as postDeployment } from '@/app/api/v1/changes/[id]/deployments/route'
import { GET } from '@/app/api/v1/gate/route'
import { arrangeChange, arrangeFreeze, arrangePeople, at } from './freezes-support'

// The routes authenticate like a pipeline does: a real API token in the Authorization header.
let bearer: string | null = null
const tokenFor = async (actor: Actor) => (await createOwnApiToken(actor, { name: 'pipeline', scope: 'WRITE', expiresInDays: 30 })).token
function apiRequest(url: string, init: RequestInit = {}): Request {
  const headers = new Headers(init.headers)
  if (bearer) headers.set('authorization', `Bearer ${bearer}`)
  return new Request(url, { ...init, headers })
}

const MIN = 60_000
const NOW = at('2031-03-01T08:00')
const window = { windowStart: at('2031-03-01T10:00'), windowEnd: at('2031-03-01T12:00') }

type People = Awaited<ReturnType<typeof arrangePeople>>
let p: People

beforeEach(async () => {
  p = await arrangePeople()
  bearer = null
})

const ask = (query: Partial<PipelineGateQuery> & { start: Date; minutes: number }, db: Tx = prisma) =>
  decidePipelineGate(
    db,
    p.requester,
    {
      services: query.services ?? [p.service.id],
      interval: { start: query.start, end: new Date(query.start.getTime() + query.minutes * MIN) },
      change: query.change,
    },
    NOW,
  )

describe('the pipeline gate on real data', () => {
  it('allows inside the window of a scheduled change, and never allows an interval that runs past its end', async () => {
    const change = await arrangeChange({ requesterId: p.requester.id, serviceIds: [p.service.id], ...window })
    const inside = await ask({ start: at('2031-03-01T10:30'), minutes: 45 })
    expect(inside).toMatchObject({ decision: 'ALLOW', state: 'OPEN', validUntil: window.windowEnd, change: { number: `CHG-${String(change.number).padStart(6, '0')}`, status: 'SCHEDULED' } })
    // Starts inside the window, ends 15 minutes past it.
    const past = await ask({ start: at('2031-03-01T11:30'), minutes: 45 })
    expect(past.decision).not.toBe('ALLOW')
    expect(past.decision).toBe('DENY')
    expect(past.reasons.map((r) => r.code)).toEqual(['OUTSIDE_WINDOW'])
    // Before it opens: PENDING, retry when it opens (NOW is 08:00, the window opens at 10:00).
    const early = await ask({ start: at('2031-03-01T09:00'), minutes: 30 })
    expect(early).toMatchObject({ decision: 'PENDING', retryAfterSeconds: 7200, nextTransitionAt: window.windowStart })
  })

  it('denies a freeze that starts during the duration, naming it', async () => {
    await arrangeChange({ requesterId: p.requester.id, serviceIds: [p.service.id], ...window })
    const freeze = await arrangeFreeze({ createdById: p.admin.id, name: 'Payroll run', severity: 'HARD', startsAt: at('2031-03-01T11:00'), endsAt: at('2031-03-02T00:00'), serviceIds: [p.service.id] })
    const result = await ask({ start: at('2031-03-01T10:30'), minutes: 45 })
    expect(result.decision).toBe('DENY')
    expect(result.reasons).toEqual([
      expect.objectContaining({ code: 'HARD_FREEZE', freeze: expect.objectContaining({ id: freeze.id, name: 'Payroll run', overlap: { start: at('2031-03-01T11:00'), end: at('2031-03-01T11:15') } }) }),
    ])
    // Before it: allowed, but only until the freeze starts.
    expect(await ask({ start: at('2031-03-01T10:00'), minutes: 30 })).toMatchObject({ decision: 'ALLOW', validUntil: at('2031-03-01T11:00') })
  })

  it('several services where only one is covered: DENY naming the uncovered one; by exact name as well as id', async () => {
    await arrangeChange({ requesterId: p.requester.id, serviceIds: [p.service.id], ...window })
    const result = await ask({ services: [p.service.name, p.other.id], start: at('2031-03-01T10:30'), minutes: 30 })
    expect(result.decision).toBe('DENY')
    expect(result.reasons.map((r) => r.code)).toEqual(['NO_AUTHORISING_CHANGE', 'SERVICE_NOT_COVERED'])
    expect(result.reasons[1]?.services).toEqual([p.other.name])
    expect((await ask({ services: [p.service.name], start: at('2031-03-01T10:30'), minutes: 30 })).decision).toBe('ALLOW')
  })

  it('a SOFT freeze: DENY without an exception, ALLOW with one that holds, DENY again when the freeze is redefined', async () => {
    const change = await arrangeChange({ requesterId: p.requester.id, serviceIds: [p.service.id], ...window })
    const soft = await arrangeFreeze({ createdById: p.admin.id, severity: 'SOFT', startsAt: at('2031-03-01T00:00'), endsAt: at('2031-03-02T00:00'), serviceIds: [p.service.id] })
    const question = { start: at('2031-03-01T10:30'), minutes: 30 }
    expect((await ask(question)).reasons.map((r) => r.code)).toEqual(['SOFT_FREEZE'])
    await prisma.freezeException.create({
      data: {
        changeId: change.id,
        freezeId: soft.id,
        revisionNumber: 1,
        fingerprint: change.fingerprint ?? '',
        grantedSeverity: 'SOFT',
        freezeRevision: soft.revision,
        justification: 'Agreed with the service owner.',
        grantedById: p.manager.id,
      },
    })
    expect(await ask(question)).toMatchObject({ decision: 'ALLOW', validUntil: window.windowEnd })
    await prisma.freezePeriod.update({ where: { id: soft.id }, data: { revision: { increment: 1 } } })
    expect((await ask(question)).decision).toBe('DENY')
  })

  it('a named change: PENDING while it awaits sign-off, DENY once it is completed or when it does not exist', async () => {
    const submitted = await arrangeChange({ requesterId: p.requester.id, serviceIds: [p.service.id], ...window, status: 'SUBMITTED' })
    const pending = await ask({ start: at('2031-03-01T10:30'), minutes: 30, change: String(submitted.number) })
    expect(pending.decision).toBe('PENDING')
    expect(pending.reasons.map((r) => r.code)).toContain('NOT_SCHEDULED')
    const done = await arrangeChange({ requesterId: p.requester.id, serviceIds: [p.service.id], ...window, status: 'COMPLETED' })
    const denied = await ask({ start: at('2031-03-01T10:30'), minutes: 30, change: `CHG-${String(done.number).padStart(6, '0')}` })
    expect(denied).toMatchObject({ decision: 'DENY', change: { status: 'COMPLETED' } })
    expect(denied.reasons.map((r) => r.code)).toEqual(['CHANGE_NOT_ACTIVE'])
    expect((await ask({ start: at('2031-03-01T10:30'), minutes: 30, change: 'CHG-999999999' })).decision).toBe('DENY')
  })

  it('an unknown service is a DENY naming it', async () => {
    const result = await ask({ services: ['No Such Service'], start: at('2031-03-01T10:30'), minutes: 30 })
    expect(result.decision).toBe('DENY')
    expect(result.reasons[0]).toMatchObject({ code: 'UNKNOWN_SERVICE', services: ['No Such Service'] })
  })

  it('fails closed: a database that does not answer, or a dropped table, gives DENY with a reason', async () => {
    await arrangeChange({ requesterId: p.requester.id, serviceIds: [p.service.id], ...window })
    const question = { start: at('2031-03-01T10:30'), minutes: 30 }
    expect((await ask(question)).decision).toBe('ALLOW')
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const closed = new PrismaClient({ adapter: new PrismaPg({ connectionString: 'postgresql://nobody:nothing@127.0.0.1:9/none', connectionTimeoutMillis: 2000 }) })
    try {
      const down = await ask(question, closed)
      expect(down).toMatchObject({ decision: 'DENY', state: 'CLOSED', reasons: [expect.objectContaining({ code: 'GATE_ERROR' })] })
    } finally {
      await closed.$disconnect()
    }
    const rolledBack = new Error('roll back the dropped table')
    let dropped: Awaited<ReturnType<typeof ask>> | null = null
    await expect(
      prisma.$transaction(async (tx) => {
        await tx.$executeRawUnsafe('DROP TABLE "FreezeException"')
        dropped = await ask(question, tx)
        throw rolledBack
      }),
    ).rejects.toBe(rolledBack)
    expect(dropped).toMatchObject({ decision: 'DENY', reasons: [expect.objectContaining({ code: 'GATE_ERROR' })] })
    expect(errors).toHaveBeenCalled()
    errors.mockRestore()
    // The table is back: the rollback undid the drop.
    expect((await ask(question)).decision).toBe('ALLOW')
  })
})

const gateUrl = (params: [string, string][]) => `http://localhost/api/v1/gate?${new URLSearchParams(params).toString()}`

describe('GET /api/v1/gate', () => {
  it('needs a signed-in caller (401), validates the query (400 with fieldErrors), answers JSON with no-store', async () => {
    expect((await GET(apiRequest(gateUrl([['service', p.service.name]])))).status).toBe(401)
    bearer = await tokenFor(p.requester)
    const bad = await GET(apiRequest(gateUrl([['duration', 'PT8D'], ['at', 'tomorrow']])))
    expect(bad.status).toBe(400)
    const body = (await bad.json()) as { error: { code: string; fieldErrors: Record<string, string[]> } }
    expect(body.error.code).toBe('INVALID_INPUT')
    expect(Object.keys(body.error.fieldErrors).sort()).toEqual(['at', 'duration', 'service'])
    const tooMany = await GET(apiRequest(gateUrl(Array.from({ length: 21 }, (_, i) => ['service', `s${i}`] as [string, string]))))
    expect(tooMany.status).toBe(400)

    await arrangeChange({ requesterId: p.requester.id, serviceIds: [p.service.id], ...window })
    const ok = await GET(apiRequest(gateUrl([['service', p.service.name], ['at', '2031-03-01T10:15:00Z'], ['duration', 'PT1H']])))
    expect(ok.status).toBe(200)
    expect(ok.headers.get('cache-control')).toBe('no-store')
    expect(await ok.json()).toMatchObject({
      decision: 'ALLOW',
      state: 'OPEN',
      atTime: '2031-03-01T10:15:00.000Z',
      validUntil: '2031-03-01T12:00:00.000Z',
      retryAfterSeconds: null,
      change: { status: 'SCHEDULED', revision: 1, window: { start: '2031-03-01T10:00:00.000Z', end: '2031-03-01T12:00:00.000Z' } },
      reasons: [],
    })
    // Plain minutes: 120 minutes from 10:15 runs past 12:00.
    const long = await GET(apiRequest(gateUrl([['service', p.service.id], ['at', '2031-03-01T10:15:00Z'], ['duration', '120']])))
    expect(await long.json()).toMatchObject({ decision: 'DENY', reasons: [expect.objectContaining({ code: 'OUTSIDE_WINDOW' })] })
  })

  it('fails closed as 200 DENY when anything unexpected happens', async () => {
    bearer = await tokenFor(p.requester)
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const spy = vi.spyOn(prisma.service, 'findMany').mockRejectedValueOnce(new Error('connection reset'))
    const response = await GET(apiRequest(gateUrl([['service', p.service.name]])))
    spy.mockRestore()
    errors.mockRestore()
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ decision: 'DENY', state: 'CLOSED', reasons: [{ code: 'GATE_ERROR' }] })
  })
})

describe('deployment reports', () => {
  const HOUR = 60 * MIN
  const nowWindow = () => ({ windowStart: new Date(Date.now() - 10 * MIN), windowEnd: new Date(Date.now() + 2 * HOUR) })
  const report = (actor: Actor, changeId: string, body: Record<string, unknown>) =>
    reportDeployment(actor, ZDeploymentReportInput.parse({ ...body, changeId }))
  const refusedReports = (changeId: string) => prisma.auditEvent.findMany({ where: { entityId: changeId, action: 'deployment.refused' }, orderBy: { id: 'asc' } })

  it('started → IN_PROGRESS when the gate allows now, succeeded → COMPLETED, with the ref and URL in the audit trail', async () => {
    const change = await arrangeChange({ requesterId: p.requester.id, serviceIds: [p.service.id], ...nowWindow() })
    const started = await report(p.manager, change.id, { status: 'started', ref: 'v1.2.3', url: 'https://ci.example.org/run/7' })
    expect(started.to).toBe('IN_PROGRESS')
    const done = await report(p.manager, change.id, { status: 'succeeded', ref: 'v1.2.3', url: 'https://ci.example.org/run/7' })
    expect(done.to).toBe('COMPLETED')
    const row = await prisma.changeRequest.findUniqueOrThrow({ where: { id: change.id }, select: { outcomeNotes: true, startedAt: true } })
    expect(row.outcomeNotes).toBe('Deployment succeeded (reported by a pipeline).\nRef: v1.2.3\nRun: https://ci.example.org/run/7')
    const audit = await prisma.auditEvent.findMany({ where: { changeId: change.id, action: { in: ['change.started', 'change.completed'] } }, orderBy: { id: 'asc' } })
    expect(audit.map((a) => [a.action, a.actorId, a.details])).toEqual([
      ['change.started', p.manager.id, { deployment: { ref: 'v1.2.3', url: 'https://ci.example.org/run/7' } }],
      ['change.completed', p.manager.id, { notes: row.outcomeNotes, deployment: { ref: 'v1.2.3', url: 'https://ci.example.org/run/7' } }],
    ])
    // A second success report disagrees with where the change stands: 409.
    const again = await report(p.manager, change.id, { status: 'succeeded' }).catch((e: unknown) => e)
    expect(again).toBeInstanceOf(AppError)
    expect((again as AppError).httpStatus).toBe(409)
  })

  it('started outside the window, or on a change that is not scheduled, is 409 with the gate reasons; failed and rolled back record outcomes', async () => {
    const later = await arrangeChange({ requesterId: p.requester.id, serviceIds: [p.service.id], windowStart: new Date(Date.now() + 3 * HOUR), windowEnd: new Date(Date.now() + 5 * HOUR) })
    const early = (await report(p.manager, later.id, { status: 'started' }).catch((e: unknown) => e)) as AppError
    expect(early.httpStatus).toBe(409)
    expect(early.details.reasons?.map((r) => r.code)).toEqual(['OUTSIDE_WINDOW'])
    expect((await prisma.changeRequest.findUniqueOrThrow({ where: { id: later.id } })).status).toBe('SCHEDULED')

    const approved = await arrangeChange({ requesterId: p.requester.id, serviceIds: [p.service.id], ...nowWindow(), status: 'APPROVED' })
    const unscheduled = (await report(p.manager, approved.id, { status: 'started' }).catch((e: unknown) => e)) as AppError
    expect(unscheduled.httpStatus).toBe(409)
    expect(unscheduled.details.reasons?.map((r) => r.code)).toContain('NOT_SCHEDULED')

    for (const [status, to] of [['failed', 'FAILED'], ['rolled_back', 'ROLLED_BACK']] as const) {
      const change = await arrangeChange({ requesterId: p.requester.id, serviceIds: [p.service.id], ...nowWindow(), status: 'IN_PROGRESS' })
      await expect(report(p.manager, change.id, { status, notes: 'Smoke tests failed on eu-west.' })).resolves.toMatchObject({ to })
    }
  })

  it('a refused report (the gate, or the status) leaves deployment.refused on the change and is still 409; a forbidden or unknown one leaves nothing', async () => {
    // Submitted, not scheduled: the gate does not ALLOW a start.
    const submitted = await arrangeChange({ requesterId: p.requester.id, serviceIds: [p.service.id], ...nowWindow(), status: 'SUBMITTED' })
    const early = (await report(p.manager, submitted.id, { status: 'started', ref: 'v1.2.3', url: 'https://ci.example.org/run/8' }).catch((e: unknown) => e)) as AppError
    expect(early).toBeInstanceOf(AppError)
    expect(early.code).toBe('CONFLICT')
    const [gateRefusal, ...more] = await refusedReports(submitted.id)
    expect(more).toEqual([])
    expect(gateRefusal).toMatchObject({ actorId: p.manager.id, changeId: submitted.id, entityType: 'change', fromStatus: null, toStatus: null })
    expect(gateRefusal?.details).toEqual({
      status: 'started',
      ref: 'v1.2.3',
      url: 'https://ci.example.org/run/8',
      reason: early.message,
      reasons: early.details.reasons?.map((r) => r.code),
      changeStatus: 'SUBMITTED',
    })
    expect(early.details.reasons?.map((r) => r.code)).toContain('NOT_SCHEDULED')
    // What was written is what the audit trail's vocabulary says (the change page can describe it).
    expect(ZAuditEvent.safeParse({ action: gateRefusal?.action, details: gateRefusal?.details }).success).toBe(true)
    expect((await prisma.changeRequest.findUniqueOrThrow({ where: { id: submitted.id } })).status).toBe('SUBMITTED')

    // Scheduled, not in progress: the status does not permit an outcome.
    const scheduled = await arrangeChange({ requesterId: p.requester.id, serviceIds: [p.service.id], ...nowWindow() })
    const premature = (await report(p.manager, scheduled.id, { status: 'succeeded' }).catch((e: unknown) => e)) as AppError
    expect(premature.code).toBe('CONFLICT')
    expect((await refusedReports(scheduled.id)).map((e) => e.details)).toEqual([
      { status: 'succeeded', reason: premature.message, reasons: premature.details.reasons?.map((r) => r.code), changeStatus: 'SCHEDULED' },
    ])

    // The requester of a normal change may not start it (403), and an unknown change is 404: neither is recorded.
    const forbidden = (await report(p.requester, scheduled.id, { status: 'started' }).catch((e: unknown) => e)) as AppError
    expect(forbidden.code).toBe('FORBIDDEN')
    const unknownId = '00000000-0000-4000-8000-00000000dead'
    const unknown = (await report(p.manager, unknownId, { status: 'started' }).catch((e: unknown) => e)) as AppError
    expect(unknown.code).toBe('NOT_FOUND')
    expect(await refusedReports(scheduled.id)).toHaveLength(1)
    expect(await refusedReports(unknownId)).toEqual([])
  })

  it('a refusal whose audit write fails is logged and still answers 409, never 500', async () => {
    const submitted = await arrangeChange({ requesterId: p.requester.id, serviceIds: [p.service.id], ...nowWindow(), status: 'SUBMITTED' })
    const logged = vi.spyOn(log(), 'error').mockImplementation(() => undefined)
    const write = vi.spyOn(prisma.auditEvent, 'createMany').mockRejectedValueOnce(new Error('connection reset'))
    const refused = await report(p.manager, submitted.id, { status: 'started' }).catch((e: unknown) => e)
    const [writes, logs] = [write.mock.calls.length, logged.mock.calls.length]
    write.mockRestore()
    logged.mockRestore()
    expect(refused).toBeInstanceOf(AppError)
    expect((refused as AppError).httpStatus).toBe(409)
    expect([writes, logs]).toEqual([1, 1])
    expect(await refusedReports(submitted.id)).toEqual([])
  })

  it('follows the policy (a requester of a normal change may not start it) and the route validates the body', async () => {
    const change = await arrangeChange({ requesterId: p.requester.id, serviceIds: [p.service.id], ...nowWindow() })
    const forbidden = (await report(p.requester, change.id, { status: 'started' }).catch((e: unknown) => e)) as AppError
    expect(forbidden.httpStatus).toBe(403)
    bearer = await tokenFor(p.manager)
    const post = (body: unknown) =>
      postDeployment(apiRequest(`http://localhost/api/v1/changes/${change.id}/deployments`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }), {
        params: Promise.resolve({ id: change.id }),
      })
    const bad = await post({ status: 'deployed', url: 'javascript:alert(1)', ref: 'x'.repeat(201) })
    expect(bad.status).toBe(400)
    expect(Object.keys(((await bad.json()) as { error: { fieldErrors: object } }).error.fieldErrors).sort()).toEqual(['ref', 'status', 'url'])
    const ok = await post({ status: 'started', ref: 'abc123' })
    expect(ok.status).toBe(200)
    expect(await ok.json()).toMatchObject({ change: { id: change.id, status: 'IN_PROGRESS' } })
    // Started twice: the second report is refused with 409 and kept in the change's audit trail.
    const again = await post({ status: 'started', ref: 'abc123' })
    expect(again.status).toBe(409)
    expect((await refusedReports(change.id)).map((e) => [e.actorId, e.details])).toEqual([
      [p.manager.id, expect.objectContaining({ status: 'started', ref: 'abc123', changeStatus: 'IN_PROGRESS' })],
    ])
  })
})
