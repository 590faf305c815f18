/**
 * Two approved standard templates with a few past uses, so a new user sees a
 * change scheduled with no sign-off wait (issue 13). Built with the test
 * factories, like the rest of the demo data.
 */
import type { PrismaClient } from '../lib/generated/prisma/client'
import { createChange, type ChangeFactoryDb } from '../tests/factories/change-requests'
import { createTemplate, type TemplateFactoryDb } from '../tests/factories/templates'

type People = { requester: string; manager: string; manager2: string; approver: string; services: Map<string, string> }

const DAY = 86_400_000

/** `days` ago (negative: ahead) at `hour`:00 UTC. */
function daysAgo(days: number, hour: number): Date {
  const date = new Date(Date.now() - days * DAY)
  date.setUTCHours(hour, 0, 0, 0)
  return date
}

const TEMPLATES = [
  {
    name: 'Rotate a TLS certificate',
    service: 'Customer Portal',
    owner: 'approver',
    maxDurationMinutes: 60,
    allowedWeekdays: [1, 2, 3, 4],
    allowedFromMinute: 6 * 60,
    allowedUntilMinute: 18 * 60,
    text: {
      purpose: 'Replace the customer portal TLS certificate before it expires, with one from the same CA and key size.',
      currentState: 'The served certificate expires within 30 days; the renewal is issued and stored in the vault.',
      futureState: 'Every portal node serves the renewed certificate; the expiry monitor shows at least 60 days left.',
      implementationPlan: '1. Fetch the renewed certificate from the vault.\n2. Upload it to the load balancer listener.\n3. Reload the listener; no node restart is needed.',
      rollbackPlan: 'Re-attach the previous certificate (still valid) to the listener and reload: under a minute.',
      monitoringPlan: 'Watch TLS handshake errors and the synthetic login check for 30 minutes.',
      testEvidence: 'Rotated on staging every 60 days for a year, 6 times, with no handshake errors.',
    },
  },
  {
    name: 'Patch a stateless web node',
    service: 'Customer Portal',
    owner: 'approver',
    maxDurationMinutes: 120,
    allowedWeekdays: [],
    allowedFromMinute: 20 * 60,
    allowedUntilMinute: 24 * 60,
    text: {
      purpose: 'Apply the monthly operating-system security patches to one stateless portal web node at a time.',
      currentState: 'The node runs last month\'s patch level; the other nodes carry the traffic while it is drained.',
      futureState: 'The node runs this month\'s patch level and is back in the load-balancer pool.',
      implementationPlan: '1. Drain the node from the pool.\n2. Apply the patches and reboot.\n3. Run the health check.\n4. Return the node to the pool.',
      rollbackPlan: 'Keep the node drained and rebuild it from the previous golden image (15 minutes).',
      monitoringPlan: 'Watch the node health check and the pool error rate for 30 minutes after it rejoins.',
      testEvidence: 'The same patches ran on the staging pool for a week with no regressions.',
    },
  },
] as const

export async function seedDemoTemplates(db: ChangeFactoryDb & TemplateFactoryDb & Pick<PrismaClient, 'standardTemplate'>, people: People): Promise<void> {
  for (const [index, t] of TEMPLATES.entries()) {
    const serviceId = people.services.get(t.service)
    if (!serviceId) throw new Error(`Demo service ${t.service} missing`)
    const signers = await db.user.findMany({ where: { id: { in: [people.manager2, people[t.owner]] } }, select: { id: true, name: true }, orderBy: { name: 'asc' } })
    const approvedAt = daysAgo(80 - index * 5, 10)
    const template = await createTemplate(db, {
      name: t.name,
      proposedById: people.manager,
      serviceIds: [serviceId],
      signers,
      text: t.text,
      maxDurationMinutes: t.maxDurationMinutes,
      allowedWeekdays: [...t.allowedWeekdays],
      allowedFromMinute: t.allowedFromMinute,
      allowedUntilMinute: t.allowedUntilMinute,
      timeZone: 'UTC',
      approvedAt,
    })
    // Past uses: each filed, approved at once and scheduled by Rita herself, and completed.
    for (const days of index === 0 ? [50, 20] : [30]) {
      const start = daysAgo(days, index === 0 ? 9 : 21)
      await createChange(db, {
        requesterId: people.requester,
        serviceIds: [serviceId],
        status: 'COMPLETED',
        type: 'STANDARD',
        riskLevel: 'LOW',
        title: `${t.name} (routine)`,
        text: t.text,
        templateVersionId: template.versionId,
        windowStart: start,
        windowEnd: new Date(start.getTime() + 45 * 60_000),
        timeline: { createdAt: new Date(start.getTime() - 2 * DAY), submittedAt: new Date(start.getTime() - 2 * DAY), scheduledAt: new Date(start.getTime() - 2 * DAY + 600_000), startedAt: start, finishedAt: new Date(start.getTime() + 40 * 60_000) },
      })
    }
  }
}
