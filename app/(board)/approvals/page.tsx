import type { Metadata } from 'next'
import Link from 'next/link'
import { AwaitingList } from '@/components/sign-offs/awaiting-list'
import { requireActor } from '@/lib/server/authz'
import { listAwaitingSignOff } from '@/lib/server/sign-offs/list-awaiting-sign-off'
import { viewerTimeZone } from '@/lib/server/viewer'

export const metadata: Metadata = { title: 'Awaiting my sign-off' }

type SearchParams = Promise<Record<string, string | string[] | undefined>>

export default async function ApprovalsPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireActor()
  const raw = (await searchParams).after
  const after = typeof raw === 'string' && raw.length <= 200 ? raw : undefined
  const page = await listAwaitingSignOff(actor, { after })
  const timeZone = viewerTimeZone(actor)
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Awaiting my sign-off</h1>
      <p className="text-slate-700">
        Changes on which you are a required approver and have not decided on the current revision. Times are shown in {timeZone}.
      </p>
      <AwaitingList items={page.items} timeZone={timeZone} />
      {after || page.next ? (
        <nav aria-label="Pages" className="flex items-center gap-4">
          {after ? (
            <Link href="/approvals" className="link">
              First page
            </Link>
          ) : null}
          {page.next ? (
            <Link href={`/approvals?after=${encodeURIComponent(page.next)}`} className="link">
              Next page
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  )
}
