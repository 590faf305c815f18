import type { Metadata } from 'next'
import { AwaitingList } from '@/components/sign-offs/awaiting-list'
import { requireActor } from '@/lib/server/authz'
import { listAwaitingSignOff } from '@/lib/server/sign-offs/list-awaiting-sign-off'
import { viewerTimeZone } from '@/lib/server/users/viewer-time-zone'

export const metadata: Metadata = { title: 'Awaiting my sign-off' }

export default async function ApprovalsPage() {
  const actor = await requireActor()
  const [items, timeZone] = await Promise.all([listAwaitingSignOff(actor), viewerTimeZone(actor)])
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Awaiting my sign-off</h1>
      <p className="text-slate-700">
        Changes on which you are a required approver and have not decided on the current revision. Times are shown in {timeZone}.
      </p>
      <AwaitingList items={items} timeZone={timeZone} />
    </div>
  )
}
