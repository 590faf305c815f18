import { describe, expect, it } from 'vitest'
import { parseRevisionRisk } from '@/lib/domain/change-request/revision-content'
import { parseRiskAssessment } from '@/lib/domain/risk/assess'
import { prisma } from '@/lib/server/db'
import { createDraftChange } from '@/lib/server/change-requests/create-change'
import { submitChange } from '@/lib/server/change-requests/submit-change'
import { updateChange } from '@/lib/server/change-requests/update-change'
import { ZApiChangeFields } from '@/lib/server/change-requests/schemas'
import { getRiskQuestionnaireForApi } from '@/lib/server/risk/manage-risk'
import { createService } from '@/tests/factories'
import { arrangeChange, arrangeFreeze } from './freezes-support'
import { benignRiskAnswers, cast, factoryChange, failureCode, formFields, rowOf } from './change-requests-support'

const DAY = 86_400_000
const HOUR = 3_600_000

/** The answers that add no weight to the questionnaire, for every active question. */
const benignAnswers = benignRiskAnswers

async function riskOf(changeId: string) {
  const row = await rowOf(changeId)
  const assessment = parseRiskAssessment(row.riskAssessment)
  return { level: row.riskLevel, rules: assessment?.fired.map((f) => f.rule) ?? [], assessment }
}

/** The form's window (datetime-local in UTC) for an interval. */
const windowFields = (start: Date, end: Date) => ({ windowStart: start.toISOString().slice(0, 16), windowEnd: end.toISOString().slice(0, 16) })

describe('explainable risk, computed from the database', () => {
  it('is LOW for a routine change with a benign questionnaire, and HIGH with a critical service, with the reason stored', async () => {
    const { requester, payments, avery } = await cast()
    const riskAnswers = await benignAnswers()
    const routine = await createDraftChange(requester, formFields({ serviceIds: [payments.id], riskAnswers }))
    expect(await riskOf(routine.id)).toMatchObject({ level: 'LOW', rules: [] })

    const core = await createService({ ownerId: avery.id, criticality: 'CRITICAL', name: `Core ledger ${routine.number}` })
    const critical = await createDraftChange(requester, formFields({ serviceIds: [core.id], riskAnswers }))
    const risk = await riskOf(critical.id)
    expect(risk).toMatchObject({ level: 'HIGH', rules: ['CRITICAL_SERVICE'] })
    expect(risk.assessment?.fired[0]?.reason).toBe(`${core.name} is a critical service.`)
    // The answers are stored with the change.
    expect(await prisma.changeRiskAnswer.count({ where: { changeId: critical.id } })).toBe(Object.keys(riskAnswers).length)
  })

  it('counts an unanswered questionnaire as risky', async () => {
    const { requester, payments } = await cast()
    const draft = await createDraftChange(requester, formFields({ serviceIds: [payments.id] }))
    const risk = await riskOf(draft.id)
    expect(risk.level).toBe('HIGH')
    expect(risk.assessment?.questionnaire.answers.every((a) => a.answer === null && a.counted)).toBe(true)
  })

  it('is recomputed and stored with the new revision on a material edit, and left alone on a retitle', async () => {
    const { requester, avery, payments } = await cast()
    const riskAnswers = await benignAnswers()
    const submitted = await submitChange(requester, { fields: formFields({ serviceIds: [payments.id], riskAnswers }) })
    expect(await riskOf(submitted.id)).toMatchObject({ level: 'LOW' })
    const first = await prisma.changeRevision.findUniqueOrThrow({ where: { changeId_number: { changeId: submitted.id, number: 1 } } })
    expect(parseRevisionRisk(first.content)).toMatchObject({ level: 'LOW', fired: [] })

    const core = await createService({ ownerId: avery.id, criticality: 'CRITICAL' })
    const row = await rowOf(submitted.id)
    const start = row.windowStart as Date
    const end = row.windowEnd as Date
    const fields = formFields({ serviceIds: [payments.id, core.id], riskAnswers, ...windowFields(start, end) })
    const edited = await updateChange(requester, { changeId: submitted.id, version: row.version }, fields)
    expect(edited).toMatchObject({ kind: 'revised', revision: 2 })
    expect(await riskOf(submitted.id)).toMatchObject({ level: 'HIGH', rules: ['CRITICAL_SERVICE'] })
    const second = await prisma.changeRevision.findUniqueOrThrow({ where: { changeId_number: { changeId: submitted.id, number: 2 } } })
    expect(parseRevisionRisk(second.content)?.fired.map((f) => f.rule)).toEqual(['CRITICAL_SERVICE'])
    expect((second.content as { riskLevel: string }).riskLevel).toBe('HIGH')

    // The world moves (a SOFT freeze is declared over the window); a retitle must not void sign-offs for that.
    await arrangeFreeze({ createdById: avery.id, startsAt: start, endsAt: end, severity: 'SOFT', serviceIds: [payments.id] })
    const retitled = await updateChange(requester, { changeId: submitted.id, version: edited.version }, { ...fields, title: 'A better title for the same change' })
    expect(retitled.kind).toBe('updated')
    expect(await riskOf(submitted.id)).toMatchObject({ level: 'HIGH', rules: ['CRITICAL_SERVICE'] })
    expect((await rowOf(submitted.id)).revision).toBe(2)
  })

  it('fires when the last change on a service failed within the look-back, not when a later one succeeded', async () => {
    const { requester, avery, payments, queue } = await cast()
    const riskAnswers = await benignAnswers()
    const finished = (daysAgo: number) => ({ finishedAt: new Date(Date.now() - daysAgo * DAY), startedAt: new Date(Date.now() - daysAgo * DAY - HOUR) })
    const failed = await factoryChange({ requesterId: requester.id, serviceIds: [payments.id], status: 'FAILED', managerId: avery.id, timeline: finished(3) })
    const draft = await createDraftChange(requester, formFields({ serviceIds: [payments.id], riskAnswers }))
    const risk = await riskOf(draft.id)
    expect(risk).toMatchObject({ level: 'HIGH', rules: ['RECENT_FAILURE'] })
    expect(risk.assessment?.fired[0]?.reason).toContain(failed.displayNumber)

    // A CLOSED change keeps its outcome through its audit trail; a success after the failure clears the rule.
    await factoryChange({ requesterId: requester.id, serviceIds: [queue.id], status: 'CLOSED', managerId: avery.id, timeline: finished(2) })
    await factoryChange({ requesterId: requester.id, serviceIds: [payments.id], status: 'COMPLETED', managerId: avery.id, timeline: finished(1) })
    const later = await createDraftChange(requester, formFields({ serviceIds: [payments.id, queue.id], riskAnswers }))
    expect(await riskOf(later.id)).toMatchObject({ level: 'LOW', rules: [] })
  })

  it('fires for another change overlapping on the same service, and for a SOFT freeze (not a HARD one)', async () => {
    const { requester, avery, payments, queue } = await cast()
    const riskAnswers = await benignAnswers()
    const start = new Date(Math.ceil((Date.now() + 6 * DAY) / 60_000) * 60_000)
    const end = new Date(start.getTime() + 2 * HOUR)
    const other = await arrangeChange({ requesterId: avery.id, serviceIds: [payments.id], windowStart: new Date(start.getTime() + HOUR), windowEnd: new Date(end.getTime() + HOUR) })
    const overlapping = await createDraftChange(requester, formFields({ serviceIds: [payments.id], riskAnswers, ...windowFields(start, end) }))
    const risk = await riskOf(overlapping.id)
    expect(risk).toMatchObject({ level: 'MEDIUM', rules: ['OVERLAPPING_CHANGE'] })
    expect(risk.assessment?.fired[0]?.reason).toContain(`CHG-${String(other.number).padStart(6, '0')}`)

    await arrangeFreeze({ createdById: avery.id, startsAt: start, endsAt: end, severity: 'HARD', serviceIds: [queue.id] })
    const hard = await createDraftChange(requester, formFields({ serviceIds: [queue.id], riskAnswers, ...windowFields(start, end) }))
    expect(await riskOf(hard.id)).toMatchObject({ level: 'LOW', rules: [] })
    await arrangeFreeze({ createdById: avery.id, startsAt: start, endsAt: end, severity: 'SOFT', serviceIds: [queue.id], name: `Quarter end ${hard.number}` })
    const soft = await createDraftChange(requester, formFields({ serviceIds: [queue.id], riskAnswers, ...windowFields(start, end) }))
    const softRisk = await riskOf(soft.id)
    expect(softRisk).toMatchObject({ level: 'HIGH', rules: ['SOFT_FREEZE'] })
    expect(softRisk.assessment?.fired[0]?.reason).toContain(`Quarter end ${hard.number}`)
  })

  it('fires outside a service’s maintenance window, in the service’s zone', async () => {
    const { requester, avery } = await cast()
    const riskAnswers = await benignAnswers()
    // Every night 22:00–02:00 in Berlin.
    const service = await prisma.service.create({
      data: { name: `Nightly ${Date.now()}`, ownerId: avery.id, maintenanceDays: [1, 2, 3, 4, 5, 6, 7], maintenanceStartMinute: 22 * 60, maintenanceEndMinute: 120, maintenanceTimeZone: 'Europe/Berlin' },
    })
    // 2030-01-10 is in winter (CET, UTC+1): 22:00 local is 21:00Z.
    const inside = await createDraftChange(requester, formFields({ serviceIds: [service.id], riskAnswers, windowStart: '2030-01-10T21:00', windowEnd: '2030-01-11T00:30' }))
    expect(await riskOf(inside.id)).toMatchObject({ level: 'LOW', rules: [] })
    const outside = await createDraftChange(requester, formFields({ serviceIds: [service.id], riskAnswers, windowStart: '2030-01-10T12:00', windowEnd: '2030-01-10T13:00' }))
    expect(await riskOf(outside.id)).toMatchObject({ level: 'MEDIUM', rules: ['OUTSIDE_MAINTENANCE_WINDOW'] })
    // The database refuses half a maintenance window.
    await expect(prisma.service.update({ where: { id: service.id }, data: { maintenanceEndMinute: null } })).rejects.toThrow(/Service_maintenance_window_valid/)
  })

  it('lets the requester raise the risk with a reason, and refuses lowering it or raising it without one', async () => {
    const { requester, avery, payments } = await cast()
    const riskAnswers = await benignAnswers()
    const raised = await createDraftChange(
      requester,
      formFields({ serviceIds: [payments.id], riskAnswers, riskRaiseLevel: 'HIGH', riskRaiseReason: 'First upgrade of this cluster since the migration.' }),
    )
    expect(await rowOf(raised.id)).toMatchObject({ riskLevel: 'HIGH', riskRaiseLevel: 'HIGH', riskRaiseReason: 'First upgrade of this cluster since the migration.' })
    expect((await riskOf(raised.id)).assessment).toMatchObject({ computedLevel: 'LOW', level: 'HIGH' })

    const core = await createService({ ownerId: avery.id, criticality: 'CRITICAL' })
    const lowering = formFields({ serviceIds: [core.id], riskAnswers, riskRaiseLevel: 'MEDIUM', riskRaiseReason: 'We have done this many times before.' })
    await expect(createDraftChange(requester, lowering)).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { fieldErrors: { riskRaiseLevel: [expect.stringMatching(/never lower it/)] } } })
    const unexplained = formFields({ serviceIds: [payments.id], riskAnswers, riskRaiseLevel: 'HIGH', riskRaiseReason: 'tbd' })
    await expect(createDraftChange(requester, unexplained)).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { fieldErrors: { riskRaiseReason: [expect.any(String)] } } })

    // The API takes no free risk level at all.
    const api = ZApiChangeFields.safeParse({ title: 'Through the API', riskLevel: 'LOW' })
    expect(api.success).toBe(false)
    expect(api.error?.issues[0]?.path).toEqual(['riskLevel'])
  })

  it('lets a pipeline read the questionnaire and answer it through the API body', async () => {
    const { requester, payments } = await cast()
    const questionnaire = await getRiskQuestionnaireForApi(requester)
    expect(questionnaire).toMatchObject({ mediumScore: 30, highScore: 60 })
    const riskAnswers = Object.fromEntries(questionnaire.questions.map((q) => [q.id, !q.riskyAnswer]))
    const start = new Date(Date.now() + 5 * DAY)
    const fields = ZApiChangeFields.parse({ title: 'From the pipeline', serviceIds: [payments.id], riskAnswers, testEvidence: 'Pipeline run 4812: all 312 tests green.', windowStart: start.toISOString(), windowEnd: new Date(start.getTime() + HOUR).toISOString() })
    const created = await createDraftChange(requester, fields)
    expect(await riskOf(created.id)).toMatchObject({ level: 'LOW', rules: [] })
  })

  it('refuses answers to unknown questions and keeps answers to questions deactivated since', async () => {
    const { requester, payments } = await cast()
    const riskAnswers = await benignAnswers()
    expect(await failureCode(() => createDraftChange(requester, formFields({ serviceIds: [payments.id], riskAnswers: { ...riskAnswers, '00000000-0000-4000-8000-000000000000': true } })))).toBe('INVALID_INPUT')

    const extra = await prisma.riskQuestion.create({ data: { text: 'A question soon retired?', weight: 1, riskyAnswer: true, position: 99 } })
    const draft = await createDraftChange(requester, formFields({ serviceIds: [payments.id], riskAnswers: { ...riskAnswers, [extra.id]: false } }))
    await prisma.riskQuestion.update({ where: { id: extra.id }, data: { active: false } })
    const row = await rowOf(draft.id)
    // The form no longer shows the retired question, so it does not send its answer.
    await updateChange(requester, { changeId: draft.id, version: row.version }, formFields({ serviceIds: [payments.id], riskAnswers, title: row.title, ...windowFields(row.windowStart as Date, row.windowEnd as Date) }))
    expect(await prisma.changeRiskAnswer.findUnique({ where: { changeId_questionId: { changeId: draft.id, questionId: extra.id } } })).toMatchObject({ answer: false })
  })
})
