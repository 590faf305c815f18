import Link from 'next/link'
import { CHANGE_TYPE_LABELS, RISK_LEVEL_LABELS } from '@/lib/domain/shared/types'
import type { ChangeListItem } from '@/lib/server/change-requests/list-changes'
import { windowText } from './format'
import { StatusBadge } from './status-badge'

export type ChangeRow = ChangeListItem

export function ChangeTable({ rows, timeZone }: { rows: ChangeRow[]; timeZone: string }) {
  if (rows.length === 0) return <p className="text-slate-700">No changes match these filters.</p>
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-left">
        <caption className="sr-only">Changes, soonest window first; times in {timeZone}</caption>
        <thead>
          <tr className="border-b border-slate-400">
            {['Number', 'Title', 'Status', 'Type', 'Risk', `Window (${timeZone})`, 'Requester'].map((h) => (
              <th key={h} scope="col" className="px-2 py-2 text-sm font-semibold">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} className="border-b border-slate-200 align-top">
              <td className="whitespace-nowrap px-2 py-2 font-mono text-sm">{row.number}</td>
              <td className="px-2 py-2">
                <Link href={`/changes/${row.id}`} className="link">
                  {row.title}
                </Link>
              </td>
              <td className="px-2 py-2">
                <StatusBadge status={row.status} />
              </td>
              <td className="px-2 py-2">{CHANGE_TYPE_LABELS[row.type]}</td>
              <td className="px-2 py-2">{RISK_LEVEL_LABELS[row.riskLevel]}</td>
              <td className="px-2 py-2 text-sm">{windowText(row.windowStart, row.windowEnd, timeZone)}</td>
              <td className="px-2 py-2">{row.requesterName}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
