import Link from 'next/link'
import type { PreviewItem } from './freeze-form-state'

/** The scheduled changes a freeze would hit, before saving: the admin sees who they will disturb. */
export function FreezeImpactPreview({ items }: { items: PreviewItem[] }) {
  const moved = items.filter((i) => !i.keptByException)
  const kept = items.filter((i) => i.keptByException)
  return (
    <section aria-labelledby="impact-heading" role="region" className="rounded border border-slate-400 bg-slate-50 p-4">
      <h2 id="impact-heading" className="font-semibold">
        Impact preview
      </h2>
      {moved.length === 0 ? (
        <p>No scheduled change would be un-scheduled by this freeze.</p>
      ) : (
        <>
          <p>
            Saving will move {moved.length === 1 ? 'this scheduled change' : `these ${moved.length} scheduled changes`} back to Approved and notify
            {moved.length === 1 ? ' its requester' : ' their requesters'}:
          </p>
          <ImpactList items={moved} />
        </>
      )}
      {kept.length > 0 ? (
        <>
          <p className="mt-2">Kept scheduled thanks to a freeze exception:</p>
          <ImpactList items={kept} />
        </>
      ) : null}
    </section>
  )
}

function ImpactList({ items }: { items: PreviewItem[] }) {
  return (
    <ul className="ml-5 list-disc">
      {items.map((item) => (
        <li key={item.id}>
          <Link href={`/changes/${item.id}`} className="link">
            {item.number} {item.title}
          </Link>{' '}
          — window {item.window}; inside the freeze {item.overlap}
        </li>
      ))}
    </ul>
  )
}
