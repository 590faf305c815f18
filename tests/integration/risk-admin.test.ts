import { describe, expect, it } from 'vitest'
import { parseRiskAssessment } from '@/lib/domain/risk/assess'
import { MAX_ACTIVE_QUESTIONS } from '@/lib/domain/risk/questionnaire'
import { prisma } from '@/lib/server/db'
import { createDraftChange } from '@/lib/server/change-requests/create-change'
import { getRiskAdmin, moveRiskQuestion, saveRiskQuestion, updateRiskRule, updateRiskThresholds } from '@/lib/server/risk/manage-risk'
import { ZUpdateRiskThresholdsInput } from '@/lib/server/risk/schemas'
import { updateService } from '@/lib/server/services/manage-services'
import { ZUpdateServiceInput } from '@/lib/server/services/schemas'
import { actorWith, cast, formFields } from './change-requests-support'

// /admin/risk against PostgreSQL. One database for this file, so each test leaves the settings as it found them.
describe('risk settings (/admin/risk)', () => {
  it('a rule’s threshold is checked against its own bounds, and the next assessment uses the saved setting', async () => {
    const admin = await actorWith(['ADMIN'])
    await expect(updateRiskRule(admin, { rule: 'MANY_SERVICES', enabled: true, threshold: 1, level: 'MEDIUM' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      details: { fieldErrors: { threshold: ['Number of services must be between 2 and 100 services.'] } },
    })
    const { requester, payments, queue } = await cast()
    const questions = await prisma.riskQuestion.findMany({ where: { active: true } })
    const riskAnswers = Object.fromEntries(questions.map((q) => [q.id, !q.riskyAnswer]))
    await updateRiskRule(admin, { rule: 'MANY_SERVICES', enabled: true, threshold: 2, level: 'HIGH' })
    try {
      const draft = await createDraftChange(requester, formFields({ serviceIds: [payments.id, queue.id], riskAnswers }))
      const row = await prisma.changeRequest.findUniqueOrThrow({ where: { id: draft.id } })
      expect(row.riskLevel).toBe('HIGH')
      expect(parseRiskAssessment(row.riskAssessment)?.fired).toEqual([{ rule: 'MANY_SERVICES', level: 'HIGH', reason: 'The change affects 2 services; 2 or more raise the risk.' }])
      // A rule that counts nothing keeps no threshold, whatever is sent.
      await updateRiskRule(admin, { rule: 'CRITICAL_SERVICE', enabled: false, threshold: 7, level: 'HIGH' })
      expect(await prisma.riskRule.findUniqueOrThrow({ where: { key: 'CRITICAL_SERVICE' } })).toMatchObject({ enabled: false, threshold: null })
      expect((await prisma.auditEvent.findFirstOrThrow({ where: { action: 'risk.rule-updated' }, orderBy: { id: 'desc' } })).actorId).toBe(admin.id)
    } finally {
      await updateRiskRule(admin, { rule: 'MANY_SERVICES', enabled: true, threshold: 3, level: 'MEDIUM' })
      await updateRiskRule(admin, { rule: 'CRITICAL_SERVICE', enabled: true, threshold: null, level: 'HIGH' })
    }
  })

  it('saves a service’s maintenance window from its form, refuses half of one by field, and clears it', async () => {
    const admin = await actorWith(['ADMIN'])
    const { payments, avery } = await cast()
    const form = (window: Record<string, unknown>) =>
      ZUpdateServiceInput.parse({ serviceId: payments.id, name: payments.name, description: 'Payments.', criticality: 'CRITICAL', ownerId: avery.id, maintenanceTimeZone: 'Europe/Berlin', ...window })
    await updateService(admin, form({ maintenanceDays: ['2', '4'], maintenanceStart: '22:00', maintenanceEnd: '02:00' }))
    const window = { maintenanceDays: true, maintenanceStartMinute: true, maintenanceEndMinute: true, maintenanceTimeZone: true } as const
    expect(await prisma.service.findUniqueOrThrow({ where: { id: payments.id }, select: window })).toEqual({
      maintenanceDays: [2, 4],
      maintenanceStartMinute: 1320,
      maintenanceEndMinute: 120,
      maintenanceTimeZone: 'Europe/Berlin',
    })
    await expect(updateService(admin, form({ maintenanceStart: '22:00', maintenanceEnd: '' }))).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      details: { fieldErrors: { maintenanceDays: [expect.any(String)], maintenanceEnd: [expect.any(String)] } },
    })
    await updateService(admin, form({ maintenanceStart: '', maintenanceEnd: '' }))
    expect(await prisma.service.findUniqueOrThrow({ where: { id: payments.id }, select: window })).toMatchObject({ maintenanceDays: [], maintenanceStartMinute: null })
  })

  it('keeps the high threshold above the medium one', async () => {
    const admin = await actorWith(['ADMIN'])
    expect(ZUpdateRiskThresholdsInput.safeParse({ mediumScore: '40', highScore: '40' }).error?.issues[0]?.path).toEqual(['highScore'])
    await updateRiskThresholds(admin, ZUpdateRiskThresholdsInput.parse({ mediumScore: '35', highScore: '70' }))
    expect((await getRiskAdmin(admin)).thresholds).toEqual({ mediumScore: 35, highScore: 70 })
    await updateRiskThresholds(admin, { mediumScore: 30, highScore: 60 })
  })

  it('allows at most eight active questions, even when two are added at once, and reorders the active ones', async () => {
    const admin = await actorWith(['ADMIN'])
    const before = await prisma.riskQuestion.count({ where: { active: true } })
    const question = (n: number) => ({ questionId: null, text: `Extra question number ${n} for the board?`, weight: 5, riskyAnswer: true, active: true })
    const room = MAX_ACTIVE_QUESTIONS - before
    for (let n = 0; n < room - 1; n++) await saveRiskQuestion(admin, question(n))
    // One place left, two admins racing for it: exactly one wins.
    const results = await Promise.allSettled([saveRiskQuestion(admin, question(100)), saveRiskQuestion(admin, question(101))])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'INVALID_INPUT', details: { fieldErrors: { active: [expect.stringMatching(/At most 8/)] } } } })
    expect(await prisma.riskQuestion.count({ where: { active: true } })).toBe(MAX_ACTIVE_QUESTIONS)
    // An inactive question can still be added.
    const parked = await saveRiskQuestion(admin, { ...question(200), active: false })

    const order = async () => (await getRiskAdmin(admin)).questions.filter((q) => q.active).map((q) => q.id)
    const [first, second] = await order()
    await moveRiskQuestion(admin, { questionId: first ?? '', direction: 'down' })
    expect((await order()).slice(0, 2)).toEqual([second, first])
    await expect(moveRiskQuestion(admin, { questionId: parked.id, direction: 'up' })).rejects.toMatchObject({ code: 'REFUSED' })

    // Back to the install's questions for the other tests in this file.
    await prisma.riskQuestion.updateMany({ where: { text: { startsWith: 'Extra question number' } }, data: { active: false } })
    await moveRiskQuestion(admin, { questionId: first ?? '', direction: 'up' })
  })
})
