import { ApproverManager } from '@/components/sign-offs/approver-manager'
import { RevisionContent } from '@/components/sign-offs/revision-content'
import { SignOffForm } from '@/components/sign-offs/sign-off-form'
import { PolicyProgress, SignOffPanel } from '@/components/sign-offs/sign-off-panel'
import { MIN_STATEMENT_CHARS } from '@/lib/domain/sign-off'
import { getActor } from '@/lib/server/authz'
import { getSignOffPanel } from '@/lib/server/sign-offs/get-sign-off-panel'
import { getGateForViewer } from '@/lib/server/lifecycle/gate'
import { TemplateBasisNote } from '@/components/templates/template-basis-note'
import { when } from '@/components/changes/format'
import { addApproverAction, recordSignOffAction, removeApproverAction, replaceOwnerAction } from './actions'

/** Sign-offs on the change page: who must sign, what they decided on which revision, and the form for the viewer if they may sign. */
export default async function SignOffSection({ changeId }: { changeId: string }) {
  const actor = await getActor()
  if (!actor) return null
  const panel = await getSignOffPanel(actor, changeId)
  const { change, viewer, signing } = panel
  // A change filed from a standard template is approved on the template's basis instead (the gate loads it, once per request).
  const { templateBasis } = await getGateForViewer(actor, changeId)
  const summary = panel.summary.allApproved
    ? `The approval policy holds for revision ${change.revision}.`
    : panel.summary.anyRejected
      ? `Revision ${change.revision} was rejected.`
      : `Waiting for ${panel.summary.pending.map((p) => p.name).join(', ') || 'nobody'} to sign off revision ${change.revision}.`

  return (
    <section aria-labelledby="sign-offs-heading" className="space-y-4">
      <h2 id="sign-offs-heading" className="text-xl font-semibold">
        Sign-offs
      </h2>
      {templateBasis ? (
        <TemplateBasisNote basis={templateBasis} submitted={change.fingerprint !== null} timeZone={viewer.timeZone} />
      ) : change.fingerprint ? (
        <p>{summary}</p>
      ) : (
        <p>Sign-offs are requested when the change is submitted.</p>
      )}
      {panel.policy ? <PolicyProgress policy={panel.policy} /> : null}
      {panel.deadlines ? (
        <p>
          Sign-offs are due by <time dateTime={panel.deadlines.dueAt.toISOString()}>{when(panel.deadlines.dueAt, viewer.timeZone)}</time>: approvers still to sign are
          reminded at <time dateTime={panel.deadlines.remindAt.toISOString()}>{when(panel.deadlines.remindAt, viewer.timeZone)}</time>, and at the due time the change
          managers are told.
        </p>
      ) : null}
      <SignOffPanel approvers={panel.approvers} revision={change.revision} timeZone={viewer.timeZone} />

      {panel.myDecision ? (
        <p className="font-medium">
          You {panel.myDecision.decision === 'APPROVED' ? 'approved' : 'rejected'} revision {panel.myDecision.revision}
          {panel.myDecision.onBehalfOf ? ` on behalf of ${panel.myDecision.onBehalfOf}` : ''}. Your signed statement is recorded.
        </p>
      ) : null}
      {signing.allowed && change.fingerprint ? (
        <div className="space-y-4 rounded border-2 border-blue-800 p-4">
          <h3 className="text-lg font-semibold">Your sign-off</h3>
          {signing.content ? (
            <RevisionContent
              content={signing.content}
              revision={change.revision}
              timeZone={viewer.timeZone}
              serviceName={(id) => panel.serviceNames.get(id) ?? id}
            />
          ) : null}
          <SignOffForm
            action={recordSignOffAction}
            hidden={{ changeId: change.id, revision: change.revision, fingerprint: change.fingerprint }}
            submitLabel={`Sign off revision ${change.revision}`}
            signerName={viewer.name}
            minStatementChars={MIN_STATEMENT_CHARS}
            seats={signing.seats}
          />
        </div>
      ) : viewer.isRequester && change.fingerprint ? (
        <p className="text-sm text-slate-700">You raised this change, so you cannot sign it off.</p>
      ) : viewer.holdsSeat && change.status === 'SUBMITTED' && !signing.allowed && !panel.myDecision ? (
        // An approver of a later stage learns why there is no form yet.
        <p className="text-sm text-slate-700">{signing.why}</p>
      ) : null}

      {panel.management ? (
        <ApproverManager
          changeId={change.id}
          {...panel.management}
          replaceAction={replaceOwnerAction}
          addAction={addApproverAction}
          removeAction={removeApproverAction}
        />
      ) : null}
    </section>
  )
}
