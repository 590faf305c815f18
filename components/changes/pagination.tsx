import Link from 'next/link'

type Props = { page: number; first: number; shown: number; next: string | null; query: Record<string, string | undefined> }

/**
 * Keyset pagination: "Next page" carries the cursor of the last row shown,
 * "First page" drops it. Every filter stays in the URL. No total is shown:
 * counting a filter's matches would read them all (list-changes.ts).
 */
export function Pagination({ page, first, shown, next, query }: Props) {
  const href = (cursor: string | null, page: number) => {
    const params = new URLSearchParams()
    for (const [key, value] of Object.entries(query)) if (value && key !== 'page' && key !== 'after') params.set(key, value)
    if (cursor) {
      params.set('after', cursor)
      params.set('page', String(page))
    }
    const text = params.toString()
    return text ? `/changes?${text}` : '/changes'
  }
  return (
    <nav aria-label="Pages" className="flex items-center gap-4">
      {first > 1 ? (
        <Link href={href(null, 1)} className="link">
          First page
        </Link>
      ) : null}
      <p>{shown === 0 ? 'No changes match.' : `Showing ${first}–${first + shown - 1}${next ? '' : ` (page ${page}, the last)`}`}</p>
      {next ? (
        <Link href={href(next, page + 1)} className="link">
          Next page
        </Link>
      ) : null}
    </nav>
  )
}
