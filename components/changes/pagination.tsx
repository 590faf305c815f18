import Link from 'next/link'

/** Previous/next links that keep every filter in the URL. */
export function Pagination(props: { page: number; pageCount: number; total: number; totalCapped: boolean; query: Record<string, string | undefined> }) {
  const { page, pageCount, total, totalCapped, query } = props
  const href = (p: number) => {
    const params = new URLSearchParams()
    for (const [key, value] of Object.entries(query)) if (value && key !== 'page') params.set(key, value)
    params.set('page', String(p))
    return `/changes?${params.toString()}`
  }
  // Counting stops at a cap (list-changes.ts): beyond it the filters, not paging, find older changes.
  const summary = totalCapped
    ? `Page ${page} of ${pageCount}+ · more than ${total.toLocaleString('en-GB')} changes; narrow the filters to reach older ones`
    : `Page ${page} of ${pageCount} · ${total} ${total === 1 ? 'change' : 'changes'}`
  return (
    <nav aria-label="Pages" className="flex items-center gap-4">
      {page > 1 ? (
        <Link href={href(page - 1)} className="link">
          Previous page
        </Link>
      ) : null}
      <p>{summary}</p>
      {page < pageCount ? (
        <Link href={href(page + 1)} className="link">
          Next page
        </Link>
      ) : null}
    </nav>
  )
}
