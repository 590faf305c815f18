import type { ApproverSignOffStatus } from '@/lib/domain/sign-off'

// Status in words with an icon: never colour alone.
const LOOK: Record<ApproverSignOffStatus, { icon: string; text: string; className: string }> = {
  APPROVED: { icon: '✓', text: 'Approved', className: 'border-green-700 bg-green-50 text-green-900' },
  REJECTED: { icon: '✗', text: 'Rejected', className: 'border-red-700 bg-red-50 text-red-900' },
  PENDING: { icon: '…', text: 'Pending', className: 'border-slate-500 bg-slate-50 text-slate-900' },
}

export function SignOffStatusBadge({ status }: { status: ApproverSignOffStatus }) {
  const look = LOOK[status]
  return (
    <span className={`inline-flex items-center gap-1 rounded border px-2 py-0.5 text-sm font-medium ${look.className}`}>
      <span aria-hidden="true">{look.icon}</span>
      {look.text}
    </span>
  )
}

export function StaleBadge({ revision }: { revision: number }) {
  return (
    <span className="inline-flex items-center gap-1 rounded border border-amber-700 bg-amber-50 px-2 py-0.5 text-sm font-medium text-amber-900">
      <span aria-hidden="true">⚠</span>
      Stale — given for revision {revision}
    </span>
  )
}
