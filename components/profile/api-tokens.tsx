'use client'

import { useActionState } from 'react'
import { describedBy, errorsFor, Field, FormStatus, valueOf } from '@/components/admin/form-fields'
import { IDLE, type ActionState } from '@/lib/action-state'
import { LIMITS } from '@/lib/domain/shared/limits'

type FormActionFn = (state: ActionState, formData: FormData) => Promise<ActionState>

/** A token as the list shows it; times already formatted in the viewer's zone. */
export type ApiTokenRow = {
  id: string
  name: string
  scope: 'READ' | 'WRITE'
  prefix: string
  created: string
  expires: string
  lastUsed: string
  revoked: string | null
  expired: boolean
}

type Props = {
  /** Distinguishes ids when the form appears for a service account. */
  idPrefix: string
  tokens: ApiTokenRow[]
  create: FormActionFn
  revoke: FormActionFn
  defaultDays: number
  maxDays: number
  /** Hidden fields every form sends (the service account's id). */
  hidden?: Record<string, string>
}

/** Create an API token (shown once), list them with their last use, revoke one. */
export function ApiTokens({ idPrefix, tokens, create, revoke, defaultDays, maxDays, hidden = {} }: Props) {
  const [state, formAction, pending] = useActionState(create, IDLE)
  const id = (name: string) => `${idPrefix}-token-${name}`
  const input = (name: string, hint = false) => ({ id: id(name), name, ...describedBy(id(name), errorsFor(state, name), hint) })
  const hiddenInputs = Object.entries(hidden).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />)
  const scope = valueOf(state, 'scope', 'READ')
  return (
    <div className="space-y-6">
      <form key={JSON.stringify(state.status === 'error' ? state.values : {})} action={formAction} className="max-w-xl space-y-4" noValidate>
        <FormStatus state={state} />
        {state.status === 'ok' && state.reveal ? (
          <div className="space-y-1 rounded border border-amber-600 bg-amber-50 p-3">
            <label htmlFor={id('new')} className="block font-medium">
              Your new token — copy it now, it will not be shown again
            </label>
            <input id={id('new')} readOnly value={state.reveal} className="field-input font-mono text-sm" onFocus={(e) => e.currentTarget.select()} />
          </div>
        ) : null}
        {hiddenInputs}
        <Field id={id('name')} label="Token name" hint="What it is for, e.g. “deploy pipeline”." errors={errorsFor(state, 'name')}>
          <input {...input('name', true)} type="text" maxLength={LIMITS.name} autoComplete="off" defaultValue={valueOf(state, 'name')} className="field-input" />
        </Field>
        <fieldset aria-describedby={errorsFor(state, 'scope').length > 0 ? id('scope-error') : undefined}>
          <legend className="font-medium">Scope</legend>
          <label className="mr-4 inline-flex items-center gap-2">
            <input type="radio" name="scope" value="READ" defaultChecked={scope === 'READ'} /> Read: look at changes, freezes, services and the gate
          </label>
          <label className="inline-flex items-center gap-2">
            <input type="radio" name="scope" value="WRITE" defaultChecked={scope === 'WRITE'} /> Write: also create, edit and move changes (never sign-offs)
          </label>
          {errorsFor(state, 'scope').length > 0 ? (
            <ul id={id('scope-error')} className="field-error">
              {errorsFor(state, 'scope').map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          ) : null}
        </fieldset>
        <Field id={id('expiresInDays')} label="Expires in (days)" hint={`Default ${defaultDays}, at most ${maxDays}.`} errors={errorsFor(state, 'expiresInDays')}>
          <input
            {...input('expiresInDays', true)}
            type="number"
            inputMode="numeric"
            min={1}
            max={maxDays}
            defaultValue={valueOf(state, 'expiresInDays', String(defaultDays))}
            className="field-input"
          />
        </Field>
        <button type="submit" className="btn-primary" disabled={pending}>
          {pending ? 'Creating…' : 'Create token'}
        </button>
      </form>

      {tokens.length === 0 ? (
        <p>No tokens yet.</p>
      ) : (
        <table className="w-full border-collapse bg-white text-left text-sm">
          <caption className="sr-only">API tokens</caption>
          <thead>
            <tr className="border-b border-slate-300">
              <th scope="col" className="p-2">Name</th>
              <th scope="col" className="p-2">Scope</th>
              <th scope="col" className="p-2">Starts with</th>
              <th scope="col" className="p-2">Created</th>
              <th scope="col" className="p-2">Expires</th>
              <th scope="col" className="p-2">Last used</th>
              <th scope="col" className="p-2">Status</th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((token) => (
              <tr key={token.id} className="border-b border-slate-200">
                <td className="p-2">{token.name}</td>
                <td className="p-2">{token.scope === 'WRITE' ? 'Write' : 'Read'}</td>
                <td className="p-2 font-mono">{token.prefix}…</td>
                <td className="p-2">{token.created}</td>
                <td className="p-2">{token.expires}</td>
                <td className="p-2">{token.lastUsed}</td>
                <td className="p-2">
                  {token.revoked ? `Revoked ${token.revoked}` : token.expired ? 'Expired' : <RevokeButton token={token} revoke={revoke} hidden={hiddenInputs} />}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}

function RevokeButton({ token, revoke, hidden }: { token: ApiTokenRow; revoke: FormActionFn; hidden: React.ReactNode }) {
  const [state, formAction, pending] = useActionState(revoke, IDLE)
  return (
    <form action={formAction}>
      {hidden}
      <input type="hidden" name="tokenId" value={token.id} />
      <button type="submit" className="btn-secondary" disabled={pending} aria-label={`Revoke ${token.name}`}>
        Revoke
      </button>
      {state.status === 'error' ? <p role="alert">{state.message}</p> : null}
    </form>
  )
}
