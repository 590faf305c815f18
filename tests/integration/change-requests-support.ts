import type { Actor } from '@/lib/domain/shared/types'
import { isAppError } from '@/lib/server/errors'
import { utcToLocalInput } from '@/lib/domain/time/zoned'
import { prisma } from '@/lib/server/db'
import { ZChangeFields, type TChangeFields } from '@/lib/server/change-requests/schemas'
import { createService, createUser } from '@/tests/factories'
import { createChange, type CreateChangeInput } from '@/tests/factories/change-requests'

const DAY = 86_400_000

export async function actorWith(roles: Actor['roles'], extra: { name?: string; timeZone?: string } = {}): Promise<Actor> {
  const user = await createUser({ roles: [...roles], ...extra })
  return { id: user.id, name: user.name, roles, ...(extra.timeZone ? { timeZone: extra.timeZone } : {}) }
}

/** A requester, two approvers each owning a service, and a change manager. */
export async function cast() {
  const requester = await actorWith(['REQUESTER'])
  const otherRequester = await actorWith(['REQUESTER'])
  const avery = await actorWith(['APPROVER'])
  const blake = await actorWith(['APPROVER'])
  const manager = await actorWith(['CHANGE_MANAGER', 'APPROVER'])
  const payments = await createService({ ownerId: avery.id })
  const queue = await createService({ ownerId: blake.id })
  return { requester, otherRequester, avery, blake, manager, payments, queue }
}

/** The form's fields for a complete, submittable change (windows as datetime-local in UTC). */
export function formFields(overrides: Record<string, unknown> = {}): TChangeFields {
  const start = new Date(Date.now() + 5 * DAY)
  const end = new Date(start.getTime() + 2 * 3_600_000)
  const text = (what: string) => `${what}: described properly for the board.`
  return ZChangeFields.parse({
    title: 'Rotate the payment gateway TLS certificate',
    type: 'NORMAL',
    purpose: text('Purpose'),
    currentState: text('Current state'),
    futureState: text('Future state'),
    implementationPlan: '1. Upload the certificate.\n2. Reload the proxies.',
    rollbackPlan: text('Rollback'),
    monitoringPlan: text('Monitoring'),
    testEvidence: text('Tests'),
    communicationPlan: text('Communication'),
    impactDescription: text('Impact'),
    windowStart: utcToLocalInput(start, 'UTC'),
    windowEnd: utcToLocalInput(end, 'UTC'),
    timeZone: 'UTC',
    serviceIds: [],
    approverIds: [],
    ...overrides,
  })
}

/** Answers to every active risk question the harmless way (an unanswered question counts as risky). */
export async function benignRiskAnswers(): Promise<Record<string, boolean>> {
  const questions = await prisma.riskQuestion.findMany({ where: { active: true }, select: { id: true, riskyAnswer: true } })
  return Object.fromEntries(questions.map((q) => [q.id, !q.riskyAnswer]))
}

export const factoryChange = (input: CreateChangeInput) => createChange(prisma, input)

export const rowOf = (id: string) => prisma.changeRequest.findUniqueOrThrow({ where: { id } })
export const auditOf = (id: string) => prisma.auditEvent.findMany({ where: { changeId: id }, orderBy: { id: 'asc' } })

/** The error code the call failed with, or null when it succeeded; anything but an AppError fails the test. */
export async function failureCode(call: () => Promise<unknown>): Promise<string | null> {
  try {
    await call()
    return null
  } catch (error) {
    if (isAppError(error)) return error.code
    throw error
  }
}
