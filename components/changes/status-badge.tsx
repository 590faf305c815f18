import { STATUS_LABELS, type ChangeStatus } from '@/lib/domain/shared/types'

// Colour helps scanning, but the label always carries the meaning.
const TONES: Record<ChangeStatus, string> = {
  DRAFT: 'border-slate-400 bg-slate-100 text-slate-800',
  SUBMITTED: 'border-amber-600 bg-amber-50 text-amber-900',
  APPROVED: 'border-green-700 bg-green-50 text-green-900',
  SCHEDULED: 'border-blue-700 bg-blue-50 text-blue-900',
  IN_PROGRESS: 'border-indigo-700 bg-indigo-50 text-indigo-900',
  COMPLETED: 'border-green-800 bg-green-100 text-green-950',
  ROLLED_BACK: 'border-orange-700 bg-orange-50 text-orange-900',
  FAILED: 'border-red-700 bg-red-50 text-red-900',
  CLOSED: 'border-slate-500 bg-slate-200 text-slate-900',
  REJECTED: 'border-red-700 bg-red-50 text-red-900',
  CANCELLED: 'border-slate-400 bg-white text-slate-700 line-through decoration-1',
}

export function StatusBadge({ status }: { status: ChangeStatus }) {
  return (
    <span className={`inline-block whitespace-nowrap rounded border px-2 py-0.5 text-sm font-medium ${TONES[status]}`}>
      {STATUS_LABELS[status]}
    </span>
  )
}
