'use client'

import { useActionState, useState } from 'react'
import { describedBy, errorsFor, FieldErrors, valueOf, valuesOf } from '@/components/admin/form-fields'
import { CHANGE_TYPE_LABELS, CHANGE_TYPES } from '@/lib/domain/shared/types'
import type { RiskAssessment } from '@/lib/domain/risk/assess'
import type { RiskPreview } from '@/lib/server/change-requests/preview-risk'
import { RiskFields } from '@/components/risk/risk-fields'
import { IDLE, type ActionState } from '@/lib/action-state'
import { ApproverChoices } from './approver-choices'
import { Fieldset, TextAreaField } from './form-bits'
import { FormProblems } from './form-problems'
import { LIMITS } from '@/lib/domain/shared/limits'

export type ChangeFormOptions = {
  services: { id: string; name: string; ownerId: string; ownerName: string }[]
  approvers: { id: string; name: string }[]
  timeZone: string
  requesterId: string
  /** The active risk questions, in order. */
  riskQuestions: { id: string; text: string }[]
}

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>
  options: ChangeFormOptions
  values: Record<string, string | string[]>
  /** 'new' and 'draft' offer Save draft + Submit; 'live' (submitted or later) saves edits only. */
  mode: 'new' | 'draft' | 'live'
  changeRef?: { changeId: string; version: number }
  /**
   * Filed from a standard template: its locked fields are shown read-only and
   * sent as the template has them (the server refuses any other value anyway).
   * `versionId` only when filing a new change.
   */
  template?: { versionId?: string; label: string; limits: string }
  /** The live risk preview (a server action); the stored assessment of the change being edited. */
  previewRisk: (formData: FormData) => Promise<RiskPreview>
  storedRisk?: RiskAssessment | null
}

/** Fields a standard template fixes (lib/domain/template: LOCKED_FIELDS). */
const LOCKED = new Set(['purpose', 'currentState', 'futureState', 'implementationPlan', 'rollbackPlan', 'monitoringPlan', 'testEvidence'])
const LOCKED_HINT = 'Fixed by the standard template; it cannot be edited.'

const TEXTS = [
  { name: 'purpose', label: 'Purpose', hint: 'Why the change is needed.' },
  { name: 'currentState', label: 'Current state' },
  { name: 'futureState', label: 'Future state' },
  { name: 'implementationPlan', label: 'Implementation plan', hint: 'Markdown. Ordered steps, e.g. "1. Drain node A".', rows: 8 },
  { name: 'rollbackPlan', label: 'Rollback plan', hint: 'Markdown. How to undo the change if it goes wrong.', rows: 6 },
  { name: 'monitoringPlan', label: 'Monitoring plan', hint: 'What you watch during and after, and for how long.' },
  { name: 'testEvidence', label: 'Test and validation evidence', hint: 'Optional. Links or results from testing.' },
  { name: 'communicationPlan', label: 'Communication plan', hint: 'Optional. Who is told, when and how.' },
  { name: 'impactDescription', label: 'Impact', hint: 'Who or what is affected, and any expected downtime.' },
] as const

export function ChangeForm({ action, options, values, mode, changeRef, template, previewRisk, storedRisk = null }: Props) {
  const [state, formAction, pending] = useActionState(action, IDLE)
  const id = mode === 'new' ? 'new-change' : 'edit-change'
  const text = (name: string) => valueOf(state, name, typeof values[name] === 'string' ? values[name] : '')
  const list = (name: string) => valuesOf(state, name, Array.isArray(values[name]) ? values[name] : [])
  const [serviceIds, setServiceIds] = useState<readonly string[]>(list('serviceIds'))
  const err = (name: string) => errorsFor(state, name)
  const control = (name: string) => ({ id: `${id}-${name}`, name, ...describedBy(`${id}-${name}`, err(name)) })
  const [tooLarge, setTooLarge] = useState(false)
  // A body over the server's limit would be refused before any action runs;
  // stop here instead, so nothing typed is lost and the reason is on screen.
  const checkSize = (event: React.FormEvent<HTMLFormElement>) => {
    const over = formBytes(new FormData(event.currentTarget)) > LIMITS.formBytes
    setTooLarge(over)
    if (over) event.preventDefault()
  }

  return (
    // Re-mounted after a failed save so every field shows exactly what was typed.
    <form key={JSON.stringify(state.status === 'error' ? state.values : {})} action={formAction} onSubmit={checkSize} className="max-w-3xl space-y-5" noValidate>
      <FormProblems state={state} />
      {tooLarge ? (
        <p role="alert" className="rounded border border-red-700 bg-red-50 p-3 text-red-800">
          This change is too large to save in one go (over {LIMITS.formBytes / 1024 / 1024} MB of text). Shorten the longest fields, or link to documents instead of pasting them; nothing you typed was sent or lost.
        </p>
      ) : null}
      {changeRef ? (
        <>
          <input type="hidden" name="changeId" value={changeRef.changeId} />
          <input type="hidden" name="version" value={changeRef.version} />
        </>
      ) : null}
      <input type="hidden" name="timeZone" value={options.timeZone} />
      {template ? (
        <p className="rounded border border-blue-800 bg-blue-50 p-3">
          Filed from the standard template <strong>{template.label}</strong>: the plans, services, type and risk are locked. The window must be {template.limits}.
          Submitting approves the change at once on the basis of the template&apos;s approval; you may then schedule it yourself.
        </p>
      ) : null}
      {template?.versionId ? <input type="hidden" name="templateVersionId" value={template.versionId} /> : null}

      <div>
        <label htmlFor={`${id}-title`} className="block font-medium">
          Title
        </label>
        <input {...control('title')} type="text" maxLength={LIMITS.title} defaultValue={text('title')} className="field-input" autoComplete="off" />
        <FieldErrors id={`${id}-title-error`} errors={err('title')} />
      </div>

      {template ? (
        <div>
          <label htmlFor={`${id}-type`} className="block font-medium">
            Change type
          </label>
          <input id={`${id}-type`} type="text" readOnly value={CHANGE_TYPE_LABELS.STANDARD} className="field-input bg-slate-100" aria-describedby={`${id}-type-hint`} />
          <p id={`${id}-type-hint`} className="text-sm text-slate-600">
            {LOCKED_HINT}
          </p>
          <input type="hidden" name="type" value="STANDARD" />
        </div>
      ) : (
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor={`${id}-type`} className="block font-medium">
            Change type
          </label>
          <select {...control('type')} defaultValue={text('type') || 'NORMAL'} className="field-input">
            {CHANGE_TYPES.map((t) => (
              <option key={t} value={t}>
                {CHANGE_TYPE_LABELS[t]}
              </option>
            ))}
          </select>
          <FieldErrors id={`${id}-type-error`} errors={err('type')} />
        </div>
      </div>
      )}

      {TEXTS.map((t) => (
        <TextAreaField
          key={t.name}
          idPrefix={id}
          name={t.name}
          label={t.label}
          hint={template && LOCKED.has(t.name) ? LOCKED_HINT : 'hint' in t ? t.hint : undefined}
          rows={'rows' in t ? t.rows : 4}
          errors={err(t.name)}
          defaultValue={template && LOCKED.has(t.name) && typeof values[t.name] === 'string' ? String(values[t.name]) : text(t.name)}
          readOnly={Boolean(template && LOCKED.has(t.name))}
        />
      ))}

      <Fieldset legend={`Window (times in ${options.timeZone})`} id={`${id}-window`}>
        <div className="grid gap-4 sm:grid-cols-2">
          {(['windowStart', 'windowEnd'] as const).map((name) => (
            <div key={name}>
              <label htmlFor={`${id}-${name}`} className="block font-medium">
                {name === 'windowStart' ? 'Window start' : 'Window end'} <span className="font-normal text-slate-600">({options.timeZone})</span>
              </label>
              <input {...control(name)} type="datetime-local" defaultValue={text(name)} className="field-input" />
              <FieldErrors id={`${id}-${name}-error`} errors={err(name)} />
            </div>
          ))}
        </div>
      </Fieldset>

      <Fieldset legend="Affected services" id={`${id}-serviceIds`} errors={err('serviceIds')}>
        {template ? (
          <>
            <p className="text-sm text-slate-600">{LOCKED_HINT}</p>
            <ul className="list-disc pl-6">
              {options.services
                .filter((service) => serviceIds.includes(service.id))
                .map((service) => (
                  <li key={service.id}>
                    {service.name}
                    <input type="hidden" name="serviceIds" value={service.id} />
                  </li>
                ))}
            </ul>
          </>
        ) : (
        <ul className="grid gap-1 sm:grid-cols-2">
          {options.services.map((service) => (
            <li key={service.id}>
              <label className="inline-flex items-center gap-2">
                <input
                  type="checkbox"
                  name="serviceIds"
                  value={service.id}
                  defaultChecked={serviceIds.includes(service.id)}
                  onChange={(event) => {
                    const checked = event.currentTarget.checked
                    setServiceIds((ids) => (checked ? [...ids, service.id] : ids.filter((x) => x !== service.id)))
                  }}
                />
                {service.name} <span className="text-sm text-slate-600">(owner {service.ownerName})</span>
              </label>
            </li>
          ))}
        </ul>
        )}
      </Fieldset>

      {/* A standard template's risk was weighed when it was approved: the change is LOW, with no questionnaire. */}
      {template ? null : (
        <RiskFields idPrefix={id} questions={options.riskQuestions} valueOf={text} errorsOf={err} stored={state.status === 'error' ? null : storedRisk} preview={previewRisk} />
      )}

      {template ? (
        <p className="rounded border border-slate-300 bg-slate-50 p-3 text-sm">Nobody is asked to sign: the template&apos;s approvers already approved this work.</p>
      ) : mode === 'live' ? (
        <p className="rounded border border-slate-300 bg-slate-50 p-3 text-sm">
          Owners of the affected services are asked to sign off automatically. Other approvers are managed in the sign-off section of the
          change. Changing any content except the title creates a new revision and asks every approver again.
        </p>
      ) : (
        <ApproverChoices
          id={`${id}-approverIds`}
          options={options}
          serviceIds={serviceIds}
          chosen={list('approverIds')}
          errors={err('approverIds')}
        />
      )}

      <div className="flex flex-wrap gap-3">
        {mode === 'live' ? (
          <button type="submit" name="intent" value="save" className="btn-primary" disabled={pending}>
            {pending ? 'Saving…' : 'Save changes'}
          </button>
        ) : (
          <>
            <button type="submit" name="intent" value="draft" className="btn-secondary" disabled={pending}>
              Save draft
            </button>
            <button type="submit" name="intent" value="submit" className="btn-primary" disabled={pending}>
              Submit for approval
            </button>
          </>
        )}
        {pending ? <span role="status">Saving…</span> : null}
      </div>
    </form>
  )
}

/** UTF-8 size of the text a form would post. */
function formBytes(data: FormData): number {
  const encoder = new TextEncoder()
  let total = 0
  for (const [name, value] of data.entries()) total += encoder.encode(name).length + (typeof value === 'string' ? encoder.encode(value).length : value.size)
  return total
}
