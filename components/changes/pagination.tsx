import Link from 'next/link'

/** Previous/next links that keep every filter in the URL. */
export function Pagination({ page, pageCount, total, query }: { page: number; pageCount: number; total: number; query: Record<string, string | undefined> }) {
  const href = (p: number) => {
    const params = new URLSearchParams()
    for (const [key, value] of Object.entries(query)) if (value && key !== 'page') params.set(key, value)
    params.set('page', String(p))
    return `/changes?${params.toString()}`
  }
  return (
    <nav aria-label="Pages" className="flex items-center gap-4">
      {page > 1 ? (
        <Link href={href(page - 1)} className="link">
          Previous page
        </Link>
      ) : null}
      <p>
        Page {page} of {pageCount} · {total} {total === 1 ? 'change' : 'changes'}
      </p>
      {page < pageCount ? (
        <Link href={href(page + 1)} className="link">
          Next page
        </Link>
      ) : null}
    </nav>
  )
}
