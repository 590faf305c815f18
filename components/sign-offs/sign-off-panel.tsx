import type { ApproverSource, SignOffDecision } from '@/lib/domain/shared/types'
import type { ApproverSignOffStatus } from '@/lib/domain/sign-off'
import { formatInZone } from '@/lib/domain/time/zoned'
import { SignOffStatusBadge, StaleBadge } from './sign-off-status'

export type PanelSignOff = {
  id: string
  decision: SignOffDecision
  statement: string
  signature: string
  revisionNumber: number
  signedAt: Date
}

export type PanelApprover = {
  approverId: string
  name: string
  source: ApproverSource
  status: ApproverSignOffStatus
  current?: PanelSignOff
  stale: PanelSignOff[]
}

const SOURCE_LABELS: Record<ApproverSource, string> = { SERVICE_OWNER: 'Service owner', NOMINATED: 'Nominated approver', POLICY: 'Eligible under the approval policy' }

function SignedDecision({ signOff, timeZone, stale }: { signOff: PanelSignOff; timeZone: string; stale: boolean }) {
  return (
    <div className={`mt-2 rounded border-l-4 px-3 py-2 ${stale ? 'border-amber-600 bg-amber-50/50' : 'border-slate-400 bg-slate-50'}`}>
      {stale ? (
        <p className="mb-1 flex flex-wrap items-center gap-2">
          <StaleBadge revision={signOff.revisionNumber} />
          <span className="text-sm">{signOff.decision === 'APPROVED' ? 'Approved' : 'Rejected'} an earlier revision</span>
        </p>
      ) : null}
      <blockquote className="whitespace-pre-wrap">{signOff.statement}</blockquote>
      <p className="mt-1 text-sm text-slate-700">
        Signed “{signOff.signature}” on {formatInZone(signOff.signedAt, timeZone)} for revision {signOff.revisionNumber}
      </p>
    </div>
  )
}

/** Every required approver, their decision on the current revision, and their stale decisions (kept visible). */
export function SignOffPanel({ approvers, revision, timeZone }: { approvers: PanelApprover[]; revision: number; timeZone: string }) {
  if (approvers.length === 0) return <p>No required approvers yet.</p>
  return (
    <ul aria-label="Required approvers" className="space-y-3">
      {approvers.map((approver) => (
        <li key={approver.approverId} className="rounded border border-slate-300 p-3">
          <p className="flex flex-wrap items-center gap-2">
            <span className="font-medium">{approver.name}</span>
            <span className="text-sm text-slate-600">{SOURCE_LABELS[approver.source]}</span>
            <SignOffStatusBadge status={approver.status} />
            {approver.status === 'PENDING' ? <span className="text-sm">No decision on revision {revision} yet</span> : null}
          </p>
          {approver.current ? <SignedDecision signOff={approver.current} timeZone={timeZone} stale={false} /> : null}
          {approver.stale.map((signOff) => (
            <SignedDecision key={signOff.id} signOff={signOff} timeZone={timeZone} stale />
          ))}
        </li>
      ))}
    </ul>
  )
}
