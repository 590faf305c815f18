import Link from 'next/link'
import type { ReactNode } from 'react'

/** A plain full-page message (404, 403, errors), with a way back. */
export function MessagePage({ title, children, action }: { title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <main className="mx-auto max-w-xl px-6 py-16">
      <h1 className="text-2xl font-semibold">{title}</h1>
      <div className="mt-4 space-y-2 text-slate-700">{children}</div>
      <div className="mt-6 flex gap-4">
        {action}
        <Link href="/" className="link">
          Go to the dashboard
        </Link>
      </div>
    </main>
  )
}
