'use client'

import { MessagePage } from '@/components/layout/message-page'

// Unexpected failures only; the digest lets an operator find the server log entry. No stack on screen.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <MessagePage
      title="Something went wrong"
      action={
        <button type="button" className="btn-secondary" onClick={() => reset()}>
          Try again
        </button>
      }
    >
      <p>The page could not be shown. Your last change may not have been saved; please check before repeating it.</p>
      {error.digest ? <p className="text-sm text-slate-500">Reference: {error.digest}</p> : null}
    </MessagePage>
  )
}
