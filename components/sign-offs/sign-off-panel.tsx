import type { ApproverSource, SignOffDecision } from '@/lib/domain/shared/types'
import type { ApproverSignOffStatus } from '@/lib/domain/sign-off'
import { formatInZone } from '@/lib/domain/time/zoned'
import { signedByInWords } from '@/lib/domain/approval-policy/delegation'
import { SignOffStatusBadge, StaleBadge } from './sign-off-status'

export type PanelSignOff = {
  id: string
  /** A delegate who signed in this approver's seat. */
  delegate: { id: string; name: string } | null
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

function SignedDecision({ signOff, seatName, timeZone, stale }: { signOff: PanelSignOff; seatName: string; timeZone: string; stale: boolean }) {
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
        Signed “{signOff.signature}”{signOff.delegate ? ` by ${signedByInWords(seatName, signOff.delegate.name)}` : ''} on {formatInZone(signOff.signedAt, timeZone)} for revision{' '}
        {signOff.revisionNumber}
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
          {approver.current ? <SignedDecision signOff={approver.current} seatName={approver.name} timeZone={timeZone} stale={false} /> : null}
          {approver.stale.map((signOff) => (
            <SignedDecision key={signOff.id} signOff={signOff} seatName={approver.name} timeZone={timeZone} stale />
          ))}
        </li>
      ))}
    </ul>
  )
}

export type PanelPolicy = {
  inWords: string
  stages: number
  rules: { position: number; stage: number; description: string; satisfied: boolean; open: boolean; progress: string; approvedBy: string[] }[]
  vetoedBy: string[]
}

/** The approval policy in words, and each rule's progress as text (met, awaiting, or not asked yet). */
export function PolicyProgress({ policy }: { policy: PanelPolicy }) {
  return (
    <div className="space-y-2">
      <p>
        <span className="font-medium">Approval policy:</span> {policy.inWords}.
      </p>
      {policy.vetoedBy.length > 0 ? <p className="font-medium">Vetoed: rejected by {policy.vetoedBy.join(', ')}.</p> : null}
      <ul aria-label="Approval rules" className="space-y-1">
        {policy.rules.map((rule) => (
          <li key={rule.position} className={`rounded border-l-4 px-3 py-1 ${rule.satisfied ? 'border-green-700' : rule.open ? 'border-blue-800' : 'border-slate-400'}`}>
            {policy.stages > 1 ? <span className="font-medium">Stage {rule.stage}: </span> : null}
            {rule.open || rule.satisfied ? rule.progress : `Not asked yet: ${rule.description} is asked once the earlier stages hold.`}
            {rule.approvedBy.length > 0 ? <span className="text-sm text-slate-700"> Approved by {rule.approvedBy.join(', ')}.</span> : null}
          </li>
        ))}
      </ul>
    </div>
  )
}
