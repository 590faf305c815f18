import type { Metadata } from 'next'
import Link from 'next/link'
import type { ReactNode } from 'react'
import { notFound } from 'next/navigation'
import { AuditTrail } from '@/components/changes/audit-trail'
import { CommentForm } from '@/components/changes/comment-form'
import { CommentList } from '@/components/changes/comment-list'
import { windowText } from '@/components/changes/format'
import { LifecycleActions } from '@/components/changes/lifecycle-actions'
import { LinkedChanges } from '@/components/changes/linked-changes'
import { MarkdownView } from '@/components/changes/markdown-view'
import { RevisionHistory } from '@/components/changes/revision-history'
import { StatusBadge } from '@/components/changes/status-badge'
import { StatusUpdateForm } from '@/components/changes/status-update-form'
import { Timeline } from '@/components/changes/timeline'
import { WatchToggle } from '@/components/changes/watch-toggle'
import { RiskExplanation } from '@/components/risk/risk-explanation'
import { CHANGE_TYPE_LABELS, RISK_LEVEL_LABELS } from '@/lib/domain/shared/types'
import { requireActor } from '@/lib/server/authz'
import { getChange } from '@/lib/server/change-requests/get-change'
import { recordChangeView } from '@/lib/server/change-requests/record-view'
import { isAppError } from '@/lib/server/errors'
import {
  addCommentAction,
  cancelChangeAction,
  createFollowUpAction,
  postStatusUpdateAction,
  recordOutcomeAction,
  reviewChangeAction,
  reviseRejectedAction,
  startChangeAction,
  submitDraftAction,
  watchChangeAction,
} from './actions'
import FreezeSection from './freeze-section'
import GateSection from './gate-section'
import SignOffSection from './sign-off-section'

export const metadata: Metadata = { title: 'Change' }

const CONTENT = [
  ['purpose', 'Purpose'],
  ['currentState', 'Current state'],
  ['futureState', 'Future state'],
  ['implementationPlan', 'Implementation plan'],
  ['rollbackPlan', 'Rollback plan'],
  ['monitoringPlan', 'Monitoring plan'],
  ['testEvidence', 'Test and validation evidence'],
  ['communicationPlan', 'Communication plan'],
  ['impactDescription', 'Impact'],
] as const

const RUN_OR_AFTER: ReadonlySet<string> = new Set(['IN_PROGRESS', 'COMPLETED', 'ROLLED_BACK', 'FAILED', 'CLOSED'])

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }

export default async function ChangePage({ params, searchParams }: Props) {
  const actor = await requireActor()
  const { id } = await params
  const query = await searchParams
  const detail = await getChange(actor, id).catch((error: unknown) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound()
    throw error
  })
  const { change, timeZone } = detail
  await recordChangeView(actor, change)
  const revisionParam = (name: string) => {
    const n = Number(Array.isArray(query[name]) ? query[name][0] : query[name])
    return Number.isInteger(n) && n > 0 ? n : null
  }
  const concerns = detail.comments.filter((c) => c.isConcern).length
  // From the start of the work on, the timeline is where people look; before it, only if something is on it.
  const showTimeline = detail.timeline.length > 0 || detail.permissions.postUpdate || RUN_OR_AFTER.has(change.status)

  return (
    <article className="space-y-8">
      <header className="space-y-2">
        <p>
          <Link href="/changes" className="link">
            ← All changes
          </Link>
        </p>
        <p className="font-mono text-sm text-slate-700">{change.displayNumber}</p>
        <h1 className="text-2xl font-semibold">{change.title}</h1>
        <div className="flex flex-wrap items-center gap-3">
          <StatusBadge status={change.status} />
          <span>{CHANGE_TYPE_LABELS[change.type]} change</span>
          <span>Risk: {RISK_LEVEL_LABELS[change.riskLevel]}</span>
          <span>
            Requested by{' '}
            <Link href={`/changes?requesterId=${detail.requester.id}`} className="link" title={`All changes requested by ${detail.requester.name}`}>
              {detail.requester.name}
            </Link>
          </span>
          {change.revision > 0 ? <span>Revision {change.revision}</span> : null}
          {detail.permissions.edit ? (
            <Link href={`/changes/${change.id}/edit`} className="btn-secondary">
              Edit change
            </Link>
          ) : null}
        </div>
        {detail.permissions.watch ? (
          <WatchToggle action={watchChangeAction} watching={detail.watching} subject="this change" target={{ changeId: change.id }} />
        ) : null}
        {concerns > 0 ? (
          <p role="note" className="rounded border-2 border-red-700 bg-red-50 p-2 font-medium text-red-900">
            {concerns === 1 ? 'A concern has been raised' : `${concerns} concerns have been raised`} on this change —{' '}
            <a href="#comments" className="link">
              read the comments
            </a>
            .
          </p>
        ) : null}
        {change.cancelReason ? <p>Cancelled: {change.cancelReason}</p> : null}
      </header>

      <Section id="window" title="Window">
        <p>{windowText(change.windowStart, change.windowEnd, timeZone)}</p>
        <p className="text-sm text-slate-600">Times are shown in your time zone, {timeZone}.</p>
      </Section>

      <Section id="risk" title="Risk">
        {detail.risk ? (
          <RiskExplanation risk={detail.risk} />
        ) : (
          <p>
            {RISK_LEVEL_LABELS[change.riskLevel]}: chosen by the requester before Changeboard worked risk out from rules and a questionnaire. The next edit
            computes it.
          </p>
        )}
      </Section>

      <Section id="content" title="Content">
        <div className="space-y-5">
          {CONTENT.map(([field, label]) => (
            <div key={field}>
              <h3 className="font-semibold">{label}</h3>
              <MarkdownView text={change[field]} />
            </div>
          ))}
        </div>
      </Section>

      <div className="grid gap-6 md:grid-cols-2">
        <Section id="services" title="Affected services">
          {detail.services.length === 0 ? (
            <p className="text-slate-700">None chosen yet.</p>
          ) : (
            <ul className="list-disc pl-6">
              {detail.services.map((s) => (
                <li key={s.id}>
                  <Link href={`/services#service-${s.id}`} className="link" title={`${s.name}: watch it to hear about every change to it`}>
                    {s.name}
                  </Link>{' '}
                  <span className="text-sm text-slate-600">(owner {s.ownerName})</span>
                </li>
              ))}
            </ul>
          )}
        </Section>
        <Section id="approvers" title="Required approvers">
          {detail.approvers.length === 0 ? (
            <p className="text-slate-700">Nobody yet.</p>
          ) : (
            <ul className="list-disc pl-6">
              {detail.approvers.map((a) => (
                <li key={a.id}>
                  {a.name} <span className="text-sm text-slate-600">({a.source === 'SERVICE_OWNER' ? 'service owner' : 'nominated'})</span>
                </li>
              ))}
            </ul>
          )}
        </Section>
      </div>

      {showTimeline ? (
        <Section id="timeline" title="Timeline">
          <div className="space-y-4">
            <Timeline entries={detail.timeline} timeZone={timeZone} labelledBy="timeline-heading" />
            {detail.permissions.postUpdate ? <StatusUpdateForm action={postStatusUpdateAction} changeId={change.id} /> : null}
          </div>
        </Section>
      ) : null}

      <SignOffSection changeId={change.id} />
      <GateSection changeId={change.id} />
      <FreezeSection changeId={change.id} />

      <Section id="revisions" title="Revision history">
        <RevisionHistory
          changeId={change.id}
          revisions={detail.revisions}
          from={revisionParam('from')}
          to={revisionParam('to')}
          serviceNames={detail.serviceNames}
          timeZone={timeZone}
        />
      </Section>

      <Section id="actions" title="Actions">
        <LifecycleActions
          changeId={change.id}
          version={change.version}
          status={change.status}
          events={detail.permissions.events}
          actions={{
            submit: submitDraftAction,
            cancel: cancelChangeAction,
            start: startChangeAction,
            outcome: recordOutcomeAction,
            review: reviewChangeAction,
            reopen: reviseRejectedAction,
          }}
        />
      </Section>

      <Section id="linked" title="Linked changes">
        <LinkedChanges
          changeId={change.id}
          previous={detail.previousChange}
          followUps={detail.followUps}
          canFollowUp={detail.permissions.followUp}
          action={createFollowUpAction}
        />
      </Section>

      <Section id="comments" title="Comments and concerns">
        <div className="space-y-4">
          <CommentList comments={detail.comments} timeZone={timeZone} />
          {detail.permissions.comment ? <CommentForm action={addCommentAction} changeId={change.id} /> : null}
        </div>
      </Section>

      <Section id="audit" title="Audit trail">
        <AuditTrail entries={detail.audit} timeZone={timeZone} />
      </Section>
    </article>
  )
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-heading`} className="space-y-3">
      <h2 id={`${id}-heading`} className="text-xl font-semibold">
        {title}
      </h2>
      {children}
    </section>
  )
}
