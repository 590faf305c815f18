import Link from 'next/link'
import { formatInterval } from '@/lib/domain/time/format-interval'
import { RECURRENCE_PRESETS } from '@/lib/domain/freeze/recurrence-presets'

export type FreezeRow = {
  id: string
  name: string
  severity: 'HARD' | 'SOFT'
  startsAt: Date
  endsAt: Date
  timeZone: string
  rrule: string | null
  serviceNames: string[]
  scope: 'ALL_SERVICES' | 'SELECTED_SERVICES'
  statusLabel: string
}

function recurrenceLabel(rule: string | null): string {
  if (!rule) return 'Once'
  return RECURRENCE_PRESETS.find((p) => p.value === rule)?.label ?? `Custom: ${rule}`
}

/** Freeze periods with their status in words (not colour), times in the viewer's zone. */
export function FreezeTable({ freezes, viewerZone }: { freezes: FreezeRow[]; viewerZone: string }) {
  if (freezes.length === 0) return <p>No freeze periods have been declared yet.</p>
  return (
    <table className="w-full border-collapse bg-white text-left">
      <caption className="sr-only">Freeze periods</caption>
      <thead>
        <tr className="border-b border-slate-300">
          <th scope="col" className="p-2">Name</th>
          <th scope="col" className="p-2">Status</th>
          <th scope="col" className="p-2">Severity</th>
          <th scope="col" className="p-2">First occurrence ({viewerZone})</th>
          <th scope="col" className="p-2">Repeats</th>
          <th scope="col" className="p-2">Scope</th>
        </tr>
      </thead>
      <tbody>
        {freezes.map((f) => (
          <tr key={f.id} className="border-b border-slate-200 align-top">
            <td className="p-2">
              <Link href={`/admin/freezes/${f.id}`} className="link">
                {f.name}
              </Link>
            </td>
            <td className="p-2">{f.statusLabel}</td>
            <td className="p-2 font-semibold">{f.severity}</td>
            <td className="p-2">{formatInterval({ start: f.startsAt, end: f.endsAt }, viewerZone)}</td>
            <td className="p-2">{recurrenceLabel(f.rrule)}</td>
            <td className="p-2">{f.scope === 'ALL_SERVICES' ? 'All services' : f.serviceNames.join(', ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
