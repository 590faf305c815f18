import { when } from './format'

export type CommentEntry = { id: string; body: string; isConcern: boolean; createdAt: Date; authorName: string }

/** Concerns first and marked, so nobody signs off past one unseen; comments are plain text. */
export function CommentList({ comments, timeZone }: { comments: CommentEntry[]; timeZone: string }) {
  if (comments.length === 0) return <p className="text-slate-600">No comments yet.</p>
  const ordered = [...comments.filter((c) => c.isConcern), ...comments.filter((c) => !c.isConcern)]
  return (
    <ul className="space-y-3">
      {ordered.map((comment) => (
        <li
          key={comment.id}
          className={comment.isConcern ? 'rounded border-2 border-red-700 bg-red-50 p-3' : 'rounded border border-slate-300 bg-white p-3'}
        >
          <p className="text-sm">
            {comment.isConcern ? <strong className="mr-2 text-red-900">Concern raised</strong> : null}
            <span className="font-medium">{comment.authorName}</span>
            <span className="text-slate-600"> · {when(comment.createdAt, timeZone)}</span>
          </p>
          <p className="mt-1 whitespace-pre-wrap break-words">{comment.body}</p>
        </li>
      ))}
    </ul>
  )
}
