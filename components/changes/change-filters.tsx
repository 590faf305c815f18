import { CHANGE_STATUSES, CHANGE_TYPE_LABELS, CHANGE_TYPES, STATUS_LABELS } from '@/lib/domain/shared/types'
import { LIMITS } from '@/lib/domain/shared/limits'

type Option = { id: string; name: string }
type Props = { values: Record<string, string | undefined>; services: Option[]; requesters: Option[]; timeZone: string }

/** A plain GET form, so every filtered view has a URL that can be shared. */
export function ChangeFilters({ values, services, requesters, timeZone }: Props) {
  const select = (name: string, label: string, options: { value: string; label: string }[]) => (
    <div>
      <label htmlFor={`filter-${name}`} className="block text-sm font-medium">
        {label}
      </label>
      <select id={`filter-${name}`} name={name} defaultValue={values[name] ?? ''} className="field-input">
        <option value="">Any</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  )
  return (
    <form method="get" action="/changes" role="search" aria-label="Filter changes" className="grid gap-3 rounded border border-slate-300 bg-white p-4 sm:grid-cols-2 lg:grid-cols-4">
      <div className="sm:col-span-2">
        <label htmlFor="filter-q" className="block text-sm font-medium">
          Search title or number
        </label>
        <input id="filter-q" name="q" type="search" maxLength={LIMITS.search} defaultValue={values.q ?? ''} placeholder="e.g. CHG-000123 or certificate" className="field-input" />
      </div>
      {select('status', 'Status', CHANGE_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] })))}
      {select('type', 'Type', CHANGE_TYPES.map((t) => ({ value: t, label: CHANGE_TYPE_LABELS[t] })))}
      {select('serviceId', 'Service', services.map((s) => ({ value: s.id, label: s.name })))}
      {select('requesterId', 'Requester', requesters.map((r) => ({ value: r.id, label: r.name })))}
      <div>
        <label htmlFor="filter-from" className="block text-sm font-medium">
          Window from <span className="font-normal text-slate-600">({timeZone})</span>
        </label>
        <input id="filter-from" name="from" type="date" defaultValue={values.from ?? ''} className="field-input" />
      </div>
      <div>
        <label htmlFor="filter-to" className="block text-sm font-medium">
          Window to <span className="font-normal text-slate-600">({timeZone})</span>
        </label>
        <input id="filter-to" name="to" type="date" defaultValue={values.to ?? ''} className="field-input" />
      </div>
      <div className="flex items-end gap-3 sm:col-span-2 lg:col-span-4">
        <button type="submit" className="btn-primary">
          Apply filters
        </button>
        <a href="/changes" className="link">
          Clear
        </a>
      </div>
    </form>
  )
}
