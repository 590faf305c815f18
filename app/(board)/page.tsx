import type { Metadata } from 'next'
import Link from 'next/link'
import { ChangeSummarySection } from '@/components/dashboard/change-summary-section'
import { CurrentFreezes } from '@/components/dashboard/current-freezes'
import { EmergencyWatch } from '@/components/dashboard/emergency-watch'
import { MyChanges } from '@/components/dashboard/my-changes'
import { UpcomingChanges } from '@/components/dashboard/upcoming-changes'
import { can } from '@/lib/domain/authz/policy'
import { hasRole, type Actor } from '@/lib/domain/shared/types'
import { requireActor } from '@/lib/server/authz'
import { countChangesInStatus, myChangesByStatus, upcomingChanges } from '@/lib/server/change-requests/dashboard'
import { listChanges } from '@/lib/server/change-requests/list-changes'
import { listCurrentFreezes } from '@/lib/server/freezes/list-freezes'
import { loadEmergencyWatch } from '@/lib/server/metrics/load-metrics'
import { countAwaitingSignOff, listAwaitingSignOff } from '@/lib/server/sign-offs/list-awaiting-sign-off'

export const metadata: Metadata = { title: 'Dashboard' }

const SHOWN = 5
// Queues are counted this far and shown as "100+" beyond (an approver can have thousands waiting).
const COUNT_CAP = 100

// Everyone sees what runs soon and the freezes; each role adds its own work.
export default async function DashboardPage() {
  const actor = await requireActor()
  const [upcoming, freezes] = await Promise.all([upcomingChanges(actor), listCurrentFreezes(actor)])
  const timeZone = upcoming.timeZone
  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-semibold">Dashboard</h1>
      <p className="text-slate-700">Welcome, {actor.name}.</p>
      {can(actor, 'change:create') ? <MyChanges counts={await myChangesByStatus(actor)} requesterId={actor.id} /> : null}
      {hasRole(actor, 'APPROVER') ? <AwaitingMySignOff actor={actor} timeZone={timeZone} /> : null}
      {hasRole(actor, 'CHANGE_MANAGER') ? <ReadyToSchedule actor={actor} /> : null}
      {hasRole(actor, 'CHANGE_MANAGER') ? <EmergencyWatch {...await loadEmergencyWatch(actor)} /> : null}
      <UpcomingChanges {...upcoming} />
      <CurrentFreezes freezes={freezes} timeZone={timeZone} />
      {hasRole(actor, 'ADMIN') ? <Administration /> : null}
    </div>
  )
}

async function AwaitingMySignOff({ actor, timeZone }: { actor: Actor; timeZone: string }) {
  const [awaiting, waiting] = await Promise.all([listAwaitingSignOff(actor, { limit: SHOWN }), countAwaitingSignOff(actor, COUNT_CAP)])
  return (
    <ChangeSummarySection
      id="section-awaiting-my-sign-off"
      title="Awaiting my sign-off"
      empty="Nothing awaits your sign-off."
      items={awaiting.items.map((item) => ({ ...item, status: 'SUBMITTED' as const }))}
      timeZone={timeZone}
      more={{ href: '/approvals', label: `Open the approval queue (${waiting.count}${waiting.capped ? '+' : ''})` }}
    />
  )
}

async function ReadyToSchedule({ actor }: { actor: Actor }) {
  const [approved, ready] = await Promise.all([listChanges(actor, { status: 'APPROVED', page: 1 }), countChangesInStatus(actor, 'APPROVED', COUNT_CAP)])
  const total = `${ready.count}${ready.capped ? '+' : ''}`
  return (
    <ChangeSummarySection
      id="section-change-board"
      title="Change board"
      empty="No approved change is waiting to be scheduled."
      items={approved.items.slice(0, SHOWN)}
      timeZone={approved.timeZone}
      more={{ href: '/changes?status=APPROVED', label: `All approved changes ready to schedule (${total})` }}
    />
  )
}

function Administration() {
  return (
    <section aria-labelledby="section-administration" className="rounded border border-slate-300 bg-white p-5">
      <h2 id="section-administration" className="mb-2 text-lg font-semibold">
        Administration
      </h2>
      <ul className="list-disc pl-6">
        <li>
          <Link href="/admin/users" className="link">
            Users and roles
          </Link>
        </li>
        <li>
          <Link href="/admin/services" className="link">
            Services and owners
          </Link>
        </li>
        <li>
          <Link href="/admin/freezes" className="link">
            Freeze periods
          </Link>
        </li>
      </ul>
    </section>
  )
}
