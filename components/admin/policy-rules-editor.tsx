'use client'

import { startTransition, useActionState, useState, type FormEvent } from 'react'
import { IDLE, type ActionState } from '@/lib/action-state'
import { MAX_RULES_PER_POLICY, policyInWords, ZPolicyRule, type PolicyRule, type PolicyRules } from '@/lib/domain/approval-policy/policy-rules'
import type { Person } from '@/lib/domain/shared/types'
import { describedBy, errorsFor, FieldErrors, FormStatus } from './form-fields'

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>
  policyId: string
  baseVersion: number
  /** The current version's rules; null when they could not be read. */
  rules: PolicyRules | null
  groups: (Person & { size: number })[]
  signers: Person[]
}

/** One rule as the editor holds it: every input as typed. */
type Row = { key: number; stage: string; who: string; groupId: string; userIds: string[]; count: string; n: string }

const WHO_LABELS: Record<string, string> = {
  SERVICE_OWNERS: 'Owners of the affected services',
  GROUP: 'An approver group',
  USERS: 'Named people',
  CHANGE_MANAGERS: 'Change managers',
}
const COUNT_LABELS: Record<string, string> = { ALL: 'All of them', ANY: 'Any one of them', N_OF_M: 'A number of them (N of M)' }
const STAGES = ['1', '2', '3', '4', '5']

let nextKey = 0
const newKey = () => nextKey++

function rowOf(rule: PolicyRule): Row {
  return {
    key: newKey(),
    stage: String(rule.stage),
    who: rule.eligible.kind,
    groupId: rule.eligible.kind === 'GROUP' ? rule.eligible.groupId : '',
    userIds: rule.eligible.kind === 'USERS' ? rule.eligible.userIds : [],
    count: rule.count.mode,
    n: rule.count.mode === 'N_OF_M' ? String(rule.count.n) : '',
  }
}

const blankRow = (stage = '1'): Row => ({ key: newKey(), stage, who: 'SERVICE_OWNERS', groupId: '', userIds: [], count: 'ALL', n: '' })

/** The rows that already make a valid rule, for the preview in words. */
function previewRules(rows: readonly Row[]): PolicyRule[] {
  return rows.flatMap((row) => {
    const eligible = row.who === 'GROUP' ? { kind: row.who, groupId: row.groupId } : row.who === 'USERS' ? { kind: row.who, userIds: row.userIds } : { kind: row.who }
    const count = row.count === 'N_OF_M' ? { mode: row.count, n: Number(row.n) } : { mode: row.count }
    const parsed = ZPolicyRule.safeParse({ stage: Number(row.stage), eligible, count })
    return parsed.success ? [parsed.data] : []
  })
}

/**
 * Builds a policy's rules row by row: who approves, how many of them, and in
 * which stage. Every save becomes a new version of the policy.
 */
export function PolicyRulesEditor({ action, policyId, baseVersion, rules, groups, signers }: Props) {
  const [state, formAction, pending] = useActionState(action, IDLE)
  const [rows, setRows] = useState<Row[]>(() => (rules && rules.length > 0 ? rules.map(rowOf) : [blankRow()]))
  // Submitted by hand rather than through <form action>, which resets the form
  // afterwards: controlled selects would then show their first option while
  // the rows still hold what was typed. The rows stay exactly as typed instead.
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const data = new FormData(event.currentTarget)
    startTransition(() => formAction(data))
  }
  const update = (key: number, patch: Partial<Row>) => setRows((all) => all.map((row) => (row.key === key ? { ...row, ...patch } : row)))
  const names = { groups: new Map(groups.map((g) => [g.id, g.name])), users: new Map(signers.map((s) => [s.id, s.name])) }
  const preview = previewRules(rows)
  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <FormStatus state={state} />
      <input type="hidden" name="policyId" value={policyId} />
      <input type="hidden" name="baseVersion" value={baseVersion} />
      <FieldErrors id="rules-error" errors={errorsFor(state, 'rules')} />
      {rows.map((row, i) => {
        const id = (field: string) => `rule-${i}-${field}`
        const errors = (field: string) => errorsFor(state, `${field}-${i}`)
        const control = (field: string) => ({ id: id(field), name: `${field}-${i}`, ...describedBy(id(field), errors(field)) })
        const label = (field: string, text: string) => (
          <label htmlFor={id(field)} className="block font-medium">
            {text}
          </label>
        )
        return (
          <fieldset key={row.key} className="space-y-3 rounded border border-slate-300 bg-white p-4">
            <legend className="px-1 font-semibold">Rule {i + 1}</legend>
            <div className="grid gap-4 sm:grid-cols-3">
              <div>
                {label('stage', 'Stage')}
                <select {...control('stage')} value={row.stage} onChange={(e) => update(row.key, { stage: e.target.value })} className="field-input">
                  {STAGES.map((s) => (
                    <option key={s} value={s}>
                      Stage {s}
                    </option>
                  ))}
                </select>
                <FieldErrors id={`${id('stage')}-error`} errors={errors('stage')} />
              </div>
              <div>
                {label('who', 'Who approves')}
                <select {...control('who')} value={row.who} onChange={(e) => update(row.key, { who: e.target.value })} className="field-input">
                  {Object.entries(WHO_LABELS).map(([value, text]) => (
                    <option key={value} value={value}>
                      {text}
                    </option>
                  ))}
                </select>
                <FieldErrors id={`${id('who')}-error`} errors={errors('who')} />
              </div>
              <div>
                {label('count', 'How many')}
                <select {...control('count')} value={row.count} onChange={(e) => update(row.key, { count: e.target.value })} className="field-input">
                  {Object.entries(COUNT_LABELS).map(([value, text]) => (
                    <option key={value} value={value}>
                      {text}
                    </option>
                  ))}
                </select>
                <FieldErrors id={`${id('count')}-error`} errors={errors('count')} />
              </div>
            </div>
            {row.who === 'GROUP' ? (
              <div>
                {label('groupId', 'Group')}
                <select {...control('groupId')} value={row.groupId} onChange={(e) => update(row.key, { groupId: e.target.value })} className="field-input">
                  <option value="">Choose a group…</option>
                  {groups.map((g) => (
                    <option key={g.id} value={g.id}>
                      {g.name} ({g.size} {g.size === 1 ? 'member' : 'members'})
                    </option>
                  ))}
                </select>
                <FieldErrors id={`${id('groupId')}-error`} errors={errors('groupId')} />
              </div>
            ) : null}
            {row.who === 'USERS' ? (
              <div>
                {label('userIds', 'People')}
                <select
                  {...control('userIds')}
                  multiple
                  size={Math.min(6, Math.max(3, signers.length))}
                  value={row.userIds}
                  onChange={(e) => update(row.key, { userIds: [...e.target.selectedOptions].map((o) => o.value) })}
                  className="field-input"
                >
                  {signers.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
                </select>
                <FieldErrors id={`${id('userIds')}-error`} errors={errors('userIds')} />
              </div>
            ) : null}
            {row.count === 'N_OF_M' ? (
              <div>
                {label('n', 'Number who must approve')}
                <input {...control('n')} type="number" min={1} inputMode="numeric" value={row.n} onChange={(e) => update(row.key, { n: e.target.value })} className="field-input w-32" />
                <FieldErrors id={`${id('n')}-error`} errors={errors('n')} />
              </div>
            ) : null}
            {rows.length > 1 ? (
              <button type="button" className="btn-secondary" onClick={() => setRows((all) => all.filter((r) => r.key !== row.key))}>
                Remove rule {i + 1}
              </button>
            ) : null}
          </fieldset>
        )
      })}
      {rows.length < MAX_RULES_PER_POLICY ? (
        <button type="button" className="btn-secondary" onClick={() => setRows((all) => [...all, blankRow(String(Math.min(5, Math.max(...all.map((r) => Number(r.stage) || 1)) + 1)))])}>
          Add a rule
        </button>
      ) : null}
      <p aria-live="polite" className="rounded bg-slate-100 p-3">
        <span className="font-medium">In words: </span>
        {preview.length === rows.length ? policyInWords(preview, names) : 'complete every rule to see the policy in words.'}
      </p>
      <button type="submit" className="btn-primary" disabled={pending}>
        {pending ? 'Saving…' : `Save as version ${baseVersion + 1}`}
      </button>
    </form>
  )
}
