import 'server-only'
import type { Actor, ChangeStatus } from '@/lib/domain/shared/types'
import { utcToLocalInput } from '@/lib/domain/time/zoned'
import { assertCan } from '@/lib/server/assert-can'
import { prisma } from '@/lib/server/db'
import { viewerTimeZone } from '@/lib/server/viewer'
import { formatChangeNumber } from '@/lib/domain/change-request/number'
import { loadChange } from '@/lib/server/lifecycle/change'
import { templateOfChange, type FiledTemplate } from '@/lib/server/templates/filing-view'
import { parseRiskAssessment, type RiskAssessment } from '@/lib/domain/risk/assess'
import { riskAnswerField } from '@/lib/domain/risk/questionnaire'

export type ServiceOption = { id: string; name: string; ownerId: string; ownerName: string }
export type PersonOption = { id: string; name: string }
/** The form's values as the inputs hold them (datetime-local strings in `timeZone`). */
export type ChangeFormValues = Record<string, string | string[]>

export type ChangeFormOptions = {
  services: ServiceOption[]
  approvers: PersonOption[]
  timeZone: string
  requesterId: string
  riskQuestions: { id: string; text: string }[]
}

/** Choices for the change form: active services with owners, active approvers, the viewer's zone. */
export async function loadChangeFormOptions(actor: Actor, keepServiceIds: readonly string[] = [], requesterId = actor.id): Promise<ChangeFormOptions> {
  const services = await prisma.service.findMany({
    where: { OR: [{ active: true }, { id: { in: [...keepServiceIds] } }] },
    orderBy: { name: 'asc' },
    select: { id: true, name: true, owner: { select: { id: true, name: true } } },
  })
  const approvers = await prisma.user.findMany({
    where: { active: true, roles: { hasSome: ['APPROVER', 'CHANGE_MANAGER'] } },
    orderBy: { name: 'asc' },
    select: { id: true, name: true },
  })
  const timeZone = viewerTimeZone(actor)
  const riskQuestions = await prisma.riskQuestion.findMany({ where: { active: true }, orderBy: [{ position: 'asc' }, { createdAt: 'asc' }], select: { id: true, text: true } })
  return {
    riskQuestions,
    services: services.map((s) => ({ id: s.id, name: s.name, ownerId: s.owner.id, ownerName: s.owner.name })),
    approvers,
    timeZone,
    requesterId,
  }
}

export type EditableChange = {
  id: string
  number: string
  title: string
  status: ChangeStatus
  version: number
  revision: number
  values: ChangeFormValues
  options: ChangeFormOptions
  /** The standard template it was filed from (its locked fields are read-only), or null. */
  template: FiledTemplate | null
  /** The risk stored with the change, shown on the form until a field changes. */
  risk: RiskAssessment | null
}

/** The change as the edit form shows it; FORBIDDEN unless the actor may edit it. */
export async function loadChangeForEdit(actor: Actor, changeId: string): Promise<EditableChange> {
  const change = await loadChange(prisma, changeId)
  assertCan(actor, 'change:edit', change)
  const options = await loadChangeFormOptions(actor, change.serviceIds, change.requesterId)
  const nominated = await prisma.changeApprover.findMany({ where: { changeId }, select: { userId: true } })
  const local = (date: Date | null) => (date ? utcToLocalInput(date, options.timeZone) : '')
  return {
    id: change.id,
    number: formatChangeNumber(change.number),
    title: change.title,
    status: change.status,
    version: change.version,
    revision: change.revision,
    options,
    template: await templateOfChange(change.templateVersionId),
    risk: parseRiskAssessment((await prisma.changeRequest.findUnique({ where: { id: changeId }, select: { riskAssessment: true } }))?.riskAssessment),
    values: {
      title: change.title,
      type: change.type,
      ...Object.fromEntries(Object.entries(change.riskAnswers ?? {}).map(([questionId, answer]) => [riskAnswerField(questionId), answer ? 'yes' : 'no'])),
      riskRaiseLevel: change.riskRaise?.level ?? '',
      riskRaiseReason: change.riskRaise?.reason ?? '',
      purpose: change.purpose,
      currentState: change.currentState,
      futureState: change.futureState,
      implementationPlan: change.implementationPlan,
      rollbackPlan: change.rollbackPlan,
      monitoringPlan: change.monitoringPlan,
      testEvidence: change.testEvidence,
      communicationPlan: change.communicationPlan,
      impactDescription: change.impactDescription,
      windowStart: local(change.windowStart),
      windowEnd: local(change.windowEnd),
      serviceIds: [...change.serviceIds],
      approverIds: nominated.map((n) => n.userId),
    },
  }
}
