'use client'

import { useActionState } from 'react'
import type { ActionState } from '@/lib/action-state'

const IDLE: ActionState = { status: 'idle' }

type Props = {
  feedUrl: string | null
  services: { id: string; name: string }[]
  regenerate: (state: ActionState, formData: FormData) => Promise<ActionState>
}

/** The user's personal ICS link (a secret: anyone holding it can read the feed) and a way to replace it. */
export function SubscribePanel({ feedUrl, services, regenerate }: Props) {
  const [state, formAction, pending] = useActionState(regenerate, IDLE)
  return (
    <section aria-labelledby="subscribe-heading" className="space-y-3 rounded border border-slate-300 bg-white p-4">
      <h2 id="subscribe-heading" className="text-lg font-semibold">
        Subscribe in your calendar app
      </h2>
      {feedUrl ? (
        <>
          <label htmlFor="ics-url" className="block font-medium">
            Your calendar feed URL (all services)
          </label>
          <input id="ics-url" readOnly value={feedUrl} className="field-input font-mono text-sm" onFocus={(e) => e.currentTarget.select()} />
          <details>
            <summary className="cursor-pointer">Feeds for one service</summary>
            <ul className="ml-5 list-disc text-sm">
              {services.map((s) => (
                <li key={s.id}>
                  {s.name}: <code className="break-all">{`${feedUrl}?service=${s.id}`}</code>
                </li>
              ))}
            </ul>
          </details>
          <p className="text-sm text-slate-700">Keep this link private. Regenerating it makes the old link stop working.</p>
        </>
      ) : (
        <p>You have no calendar link yet.</p>
      )}
      <form action={formAction}>
        <button type="submit" className="btn-secondary" disabled={pending}>
          {feedUrl ? 'Regenerate link' : 'Create link'}
        </button>
      </form>
      {state.status === 'ok' ? <p role="status">{state.message}</p> : null}
      {state.status === 'error' ? <p role="alert">{state.message}</p> : null}
    </section>
  )
}
