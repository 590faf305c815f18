// Demo data for approval policies and delegation (issue 13): a CAB of three,
// the high-risk policy asking it after the owners, and one approver away
// with a named delegate, so a new user sees each on first start.
import { ZPolicyRules, type PolicyRules } from '../lib/domain/approval-policy/policy-rules'
import type { PrismaClient } from '../lib/generated/prisma/client'

type Db = Pick<PrismaClient, 'approverGroup' | 'approvalPolicy' | 'approvalPolicyVersion' | 'delegation'>
type People = { manager: string; cab1: string; cab2: string; away: string; delegate: string; admin: string }

const DAY = 86_400_000

export const DEMO_CAB = 'CAB'

export async function seedDemoPolicies(db: Db, people: People, now: Date = new Date()): Promise<void> {
  const cab = await db.approverGroup.create({
    data: {
      name: DEMO_CAB,
      description: 'The change advisory board: asked after the service owners for high-risk changes.',
      members: { create: [people.manager, people.cab1, people.cab2].map((userId) => ({ userId })) },
    },
  })
  // The migration wrote one policy per risk level (every owner signs); high risk asks the CAB too.
  const high: PolicyRules = ZPolicyRules.parse([
    { stage: 1, eligible: { kind: 'SERVICE_OWNERS' }, count: { mode: 'ALL' } },
    { stage: 2, eligible: { kind: 'GROUP', groupId: cab.id }, count: { mode: 'N_OF_M', n: 2 } },
  ])
  const policy =
    (await db.approvalPolicy.findUnique({ where: { name: 'High risk' } })) ??
    (await db.approvalPolicy.create({ data: { name: 'High risk', riskLevel: 'HIGH', currentVersion: 0 } }))
  const version = policy.currentVersion + 1
  await db.approvalPolicyVersion.create({ data: { policyId: policy.id, version, rules: high, createdById: people.admin } })
  await db.approvalPolicy.update({ where: { id: policy.id }, data: { currentVersion: version } })

  await db.delegation.create({
    data: {
      delegatorId: people.away,
      delegateId: people.delegate,
      startsAt: new Date(now.getTime() - DAY),
      endsAt: new Date(now.getTime() + 14 * DAY),
      note: 'On leave for two weeks; Devon signs in my place meanwhile.',
    },
  })
}
