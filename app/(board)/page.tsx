import type { Metadata } from 'next'
import Link from 'next/link'
import type { ReactNode } from 'react'
import { MyChanges } from '@/components/dashboard/my-changes'
import { UpcomingChanges } from '@/components/dashboard/upcoming-changes'
import { can } from '@/lib/domain/authz/policy'
import { hasRole } from '@/lib/domain/shared/types'
import { myChangesByStatus, upcomingChanges } from '@/lib/server/change-requests/dashboard'
import { requireActor } from '@/lib/server/authz'

export const metadata: Metadata = { title: 'Dashboard' }

// One section per role the actor holds; other issues fill each with real data.
export default async function DashboardPage() {
  const actor = await requireActor()
  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-semibold">Dashboard</h1>
      <p className="text-slate-700">Welcome, {actor.name}.</p>
      {can(actor, 'change:create') ? <MyChanges counts={await myChangesByStatus(actor)} requesterId={actor.id} /> : null}
      <UpcomingChanges {...await upcomingChanges(actor)} />
      {hasRole(actor, 'APPROVER') ? (
        <Section title="Awaiting my sign-off">
          <p>Changes that need your written sign-off.</p>
          <Link href="/approvals" className="link">
            Open the approval queue
          </Link>
        </Section>
      ) : null}
      {hasRole(actor, 'CHANGE_MANAGER') ? (
        <Section title="Change board">
          <p>Approved changes ready to schedule, and what runs in the next 7 days.</p>
          <Link href="/calendar" className="link">
            Open the calendar
          </Link>
        </Section>
      ) : null}
      {hasRole(actor, 'ADMIN') ? (
        <Section title="Administration">
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
        </Section>
      ) : null}
    </div>
  )
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={sectionId(title)} className="rounded border border-slate-300 bg-white p-5">
      <h2 id={sectionId(title)} className="mb-2 text-lg font-semibold">
        {title}
      </h2>
      <div className="space-y-2 text-slate-700">{children}</div>
    </section>
  )
}

function sectionId(title: string): string {
  return `section-${title.toLowerCase().replaceAll(/[^a-z0-9]+/g, '-')}`
}
