'use client'

import { useActionState } from 'react'
import { errorsFor, FieldErrors, FormStatus, valuesOf } from '@/components/admin/form-fields'
import { IDLE, type ActionState } from '@/lib/action-state'
import type { MailPreferences } from '@/lib/server/users/profile'

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>
  preferences: MailPreferences
}

/**
 * E-mail on or off per notice kind, and the daily digest. Mandatory kinds are
 * shown ticked and fixed, and say so in words ("Always sent"): a disabled box
 * alone does not tell everyone why it cannot be changed.
 */
export function MailPreferencesForm({ action, preferences }: Props) {
  const [state, formAction, pending] = useActionState(action, IDLE)
  const emailErrors = errorsFor(state, 'email')
  const digestErrors = errorsFor(state, 'mailDigest')
  const ticked = new Set(
    valuesOf(
      state,
      'email',
      preferences.kinds.filter((k) => k.email && !k.mandatory).map((k) => k.kind),
    ),
  )
  const digest = state.status === 'error' && state.values ? state.values.mailDigest !== undefined : preferences.digest
  return (
    <form action={formAction} className="max-w-3xl space-y-4" noValidate aria-labelledby="mail-preferences-heading">
      <h2 id="mail-preferences-heading" className="text-xl font-semibold">
        E-mail notifications
      </h2>
      <p className="text-slate-700">Every notice also appears under Notifications in the app; these choices only decide which ones reach you by e-mail.</p>
      <FormStatus state={state} />
      <fieldset className="space-y-2" aria-describedby={emailErrors.length > 0 ? 'mail-kinds-error' : undefined}>
        <legend className="font-medium">Send me an e-mail for</legend>
        <ul className="divide-y divide-slate-200 rounded border border-slate-300 bg-white">
          {preferences.kinds.map((kind) => {
            const id = `mail-kind-${kind.kind}`
            return (
              <li key={kind.kind} className="flex items-start gap-3 p-3">
                {kind.mandatory ? (
                  <input id={id} type="checkbox" defaultChecked disabled aria-describedby={`${id}-audience ${id}-fixed`} className="mt-1 h-4 w-4" />
                ) : (
                  <input
                    id={id}
                    type="checkbox"
                    name="email"
                    value={kind.kind}
                    defaultChecked={ticked.has(kind.kind)}
                    aria-describedby={`${id}-audience`}
                    className="mt-1 h-4 w-4"
                  />
                )}
                <div>
                  <label htmlFor={id} className="font-medium">
                    {kind.label}
                  </label>
                  {kind.mandatory ? (
                    <span id={`${id}-fixed`} className="ml-2 rounded border border-slate-400 px-1.5 py-0.5 text-xs font-semibold text-slate-800">
                      Always sent
                    </span>
                  ) : null}
                  <p id={`${id}-audience`} className="text-sm text-slate-600">
                    To {kind.audience}.
                  </p>
                </div>
              </li>
            )
          })}
        </ul>
        <FieldErrors id="mail-kinds-error" errors={emailErrors} />
      </fieldset>
      <div className="flex items-start gap-3">
        <input
          id="mail-digest"
          type="checkbox"
          name="mailDigest"
          value="on"
          defaultChecked={digest}
          aria-describedby={['mail-digest-hint', digestErrors.length > 0 ? 'mail-digest-error' : ''].filter(Boolean).join(' ')}
          aria-invalid={digestErrors.length > 0 ? true : undefined}
          className="mt-1 h-4 w-4"
        />
        <div>
          <label htmlFor="mail-digest" className="font-medium">
            Daily digest
          </label>
          <p id="mail-digest-hint" className="text-sm text-slate-600">
            One e-mail a day at 07:00 your time with the optional notices, instead of one each. Notices marked “Always sent” still arrive at once.
          </p>
          <FieldErrors id="mail-digest-error" errors={digestErrors} />
        </div>
      </div>
      <button type="submit" className="btn-primary" disabled={pending}>
        {pending ? 'Saving…' : 'Save e-mail notifications'}
      </button>
    </form>
  )
}
