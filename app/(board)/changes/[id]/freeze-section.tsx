import Link from 'next/link'
import type { ComponentProps, ReactNode } from 'react'
import { formatInterval } from '@/lib/domain/time/format-interval'
import { GrantExceptionForm } from '@/components/freezes/grant-exception-form'
import { requireActor } from '@/lib/server/authz'
import { loadChangeFreezeState } from '@/lib/server/freezes/load-change-freeze-state'
import { viewerTimeZone } from '@/lib/server/viewer'
import { grantFreezeExceptionAction, justifyEmergencyFreezeAction } from './actions'

/** Freeze conflicts, exceptions and collisions with other changes, for one change (times in the viewer's zone). */
export default async function FreezeSection({ changeId }: { changeId: string }) {
  const actor = await requireActor()
  const state = await loadChangeFreezeState(actor, changeId)
  const zone = viewerTimeZone(actor)
  if (!state) return null
  const when = (i: { start: Date; end: Date }) => formatInterval(i, zone)
  const grantable = state.grantable
    ? state.blocking.filter((b) => (b.severity === 'SOFT' ? state.canGrantSoft : state.canGrantHard))
    : []
  const uniqueGrantable = [...new Map(grantable.map((b) => [b.freezeId, { id: b.freezeId, label: `${b.severity} freeze: ${b.name}` }])).values()]
  // The emergency path: the requester of an emergency change writes why it runs in a SOFT freeze (never a HARD one).
  const justifiable =
    state.grantable && state.canJustify && !state.canGrantSoft
      ? [...new Map(state.blocking.filter((b) => b.severity === 'SOFT').map((b) => [b.freezeId, { id: b.freezeId, label: `SOFT freeze: ${b.name}` }])).values()]
      : []
  return (
    <section aria-labelledby="freeze-section-heading" className="space-y-4">
      <h2 id="freeze-section-heading" className="text-xl font-semibold">
        Freezes and conflicts
      </h2>
      {!state.hasWindow ? <p>This change has no window yet, so freezes and conflicts cannot be checked.</p> : null}
      {state.hasWindow && state.blocking.length === 0 && state.permitted.length === 0 ? <p>No freeze period overlaps this change’s window.</p> : null}
      {state.blocking.length > 0 || state.permitted.length > 0 ? (
        <ul className="space-y-1">
          {state.blocking.map((b) => (
            <li key={`b-${b.freezeId}-${b.overlap.start.toISOString()}`}>
              <strong>Blocked:</strong> {b.severity} freeze “{b.name}” overlaps {when(b.overlap)}.
            </li>
          ))}
          {state.permitted.map((p) => (
            <li key={`p-${p.freezeId}-${p.overlap.start.toISOString()}`}>
              <strong>Allowed by exception:</strong> {p.severity} freeze “{p.name}” overlaps {when(p.overlap)}.
            </li>
          ))}
        </ul>
      ) : null}
      {state.exceptions.length > 0 ? (
        <div>
          <h3 className="font-semibold">Freeze exceptions</h3>
          <ul className="ml-5 list-disc">
            {state.exceptions.map((e) => (
              <li key={e.id}>
                {e.severity} freeze “{e.freezeName}”, {e.byRequester ? 'justified for the emergency by its requester' : 'granted by'} {e.grantedBy} for revision {e.revision}
                {e.current ? '' : ' — lapsed (the change or the freeze was edited since)'}: “{e.justification}”
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {uniqueGrantable.length > 0 ? (
        <ExceptionForm heading="Grant a freeze exception" action={grantFreezeExceptionAction} changeId={changeId} state={state} freezes={uniqueGrantable} />
      ) : state.blocking.some((b) => b.severity === 'HARD') && state.type !== 'EMERGENCY' ? (
        <p>A HARD freeze can only be excepted for an emergency change: move the window outside the freeze.</p>
      ) : justifiable.length > 0 ? (
        <ExceptionForm heading="Justify this emergency in a SOFT freeze" action={justifyEmergencyFreezeAction} changeId={changeId} state={state} freezes={justifiable} variant="justify">
          <p>
            An emergency change may run in a SOFT freeze once you write down why it cannot wait. The justification is shown here and in the audit trail, holds for this
            revision only, and never opens a HARD freeze (that still needs an administrator’s exception).
          </p>
        </ExceptionForm>
      ) : state.grantable && state.isRequester && state.blocking.length > 0 ? (
        <p>You raised this change, so any freeze exception must be granted by someone else.</p>
      ) : null}
      {state.hasWindow ? (
        <div>
          <h3 className="font-semibold">Other changes in this window</h3>
          {state.conflicts.length === 0 ? (
            <p>No other scheduled or in-progress change touches the same services in this window.</p>
          ) : (
            <ul className="ml-5 list-disc">
              {state.conflicts.map((c) => (
                <li key={c.id}>
                  <strong>Conflict:</strong>{' '}
                  <Link href={`/changes/${c.id}`} className="link">
                    {c.number}
                  </Link>{' '}
                  on {c.serviceNames.join(', ')}, overlapping {when(c.overlap)}
                </li>
              ))}
            </ul>
          )}
          {state.crowding?.exceeded ? (
            <p>
              <strong>Crowded window:</strong> {state.crowding.count} changes would run at the same time across all services (more than {state.crowding.threshold}).
            </p>
          ) : null}
        </div>
      ) : null}
    </section>
  )
}

/** One exception form under its heading: granted by someone else, or an emergency's own justification. */
function ExceptionForm(props: {
  heading: string
  action: ComponentProps<typeof GrantExceptionForm>['action']
  changeId: string
  state: { revision: number; fingerprint: string | null }
  freezes: { id: string; label: string }[]
  variant?: 'grant' | 'justify'
  children?: ReactNode
}) {
  return (
    <div className="space-y-2">
      <h3 className="font-semibold">{props.heading}</h3>
      {props.children}
      <GrantExceptionForm
        action={props.action}
        changeId={props.changeId}
        revision={props.state.revision}
        fingerprint={props.state.fingerprint ?? ''}
        freezes={props.freezes}
        variant={props.variant}
      />
    </div>
  )
}
