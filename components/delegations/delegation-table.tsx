import type { ReactNode } from 'react'
import { DELEGATION_STATE_LABELS } from '@/lib/domain/approval-policy/delegation-rules'
import { formatInZone } from '@/lib/domain/time/zoned'
import type { DelegationItem } from '@/lib/server/delegations/manage-delegations'

type Props = {
  caption: string
  delegations: DelegationItem[]
  timeZone: string
  /** Which people to show: the delegate, the delegator, or both (the admin's view). */
  show: 'delegate' | 'delegator' | 'both'
  /** An action cell per row (revoke), when the viewer may act. */
  action?: (delegation: DelegationItem) => ReactNode
}

/** Delegations as a table, times in the viewer's zone; the state is written out, not only coloured. */
export function DelegationTable({ caption, delegations, timeZone, show, action }: Props) {
  return (
    <table className="w-full border-collapse bg-white text-left text-sm">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr className="border-b border-slate-300">
          {show !== 'delegate' ? <th scope="col" className="p-2">Away</th> : null}
          {show !== 'delegator' ? <th scope="col" className="p-2">Stands in</th> : null}
          <th scope="col" className="p-2">From</th>
          <th scope="col" className="p-2">Until</th>
          <th scope="col" className="p-2">State</th>
          <th scope="col" className="p-2">Note</th>
          {action ? <th scope="col" className="p-2">Action</th> : null}
        </tr>
      </thead>
      <tbody>
        {delegations.map((d) => (
          <tr key={d.id} className="border-b border-slate-200 align-top">
            {show !== 'delegate' ? <td className="p-2">{d.delegator.name}</td> : null}
            {show !== 'delegator' ? <td className="p-2">{d.delegate.name}</td> : null}
            <td className="p-2">{formatInZone(d.startsAt, timeZone)}</td>
            <td className="p-2">{formatInZone(d.endsAt, timeZone)}</td>
            <td className="p-2">{DELEGATION_STATE_LABELS[d.state]}</td>
            <td className="p-2">{d.note}</td>
            {action ? <td className="p-2">{action(d)}</td> : null}
          </tr>
        ))}
      </tbody>
    </table>
  )
}
