import type { Metadata } from 'next'
import Link from 'next/link'
import { ChangeFilters } from '@/components/changes/change-filters'
import { ChangeTable } from '@/components/changes/change-table'
import { Pagination } from '@/components/changes/pagination'
import { can } from '@/lib/domain/authz/policy'
import { listChanges, listFilterOptions } from '@/lib/server/change-requests/list-changes'
import { ZListChangesInput } from '@/lib/server/change-requests/schemas'
import { requireActor } from '@/lib/server/authz'

export const metadata: Metadata = { title: 'Changes' }

type SearchParams = Promise<Record<string, string | string[] | undefined>>

export default async function ChangesPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireActor()
  const raw = await searchParams
  const query = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])) as Record<string, string | undefined>
  // A hand-edited URL with a bad value falls back to no filter rather than an error page.
  const parsed = ZListChangesInput.safeParse(query)
  const input = parsed.success ? parsed.data : ZListChangesInput.parse({ q: query.q ?? '' })
  const [result, options] = await Promise.all([listChanges(actor, input), listFilterOptions(actor, input.requesterId)])
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <h1 className="text-2xl font-semibold">Changes</h1>
        {can(actor, 'change:create') ? (
          <Link href="/changes/new" className="btn-primary">
            New change
          </Link>
        ) : null}
      </div>
      {!parsed.success ? <p role="alert">Some filters in the address were not understood and were ignored.</p> : null}
      <ChangeFilters values={query} services={options.services} requesters={options.requesters} timeZone={result.timeZone} />
      <ChangeTable rows={result.items} timeZone={result.timeZone} />
      <Pagination page={result.page} first={result.first} shown={result.items.length} next={result.next} query={query} />
    </div>
  )
}
