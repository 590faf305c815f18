'use client'

import { useActionState } from 'react'
import { IDLE, type ActionState } from '@/lib/action-state'
import { RISK_LEVEL_LABELS, RISK_LEVELS } from '@/lib/domain/shared/types'
import { describedBy, errorsFor, Field, FieldErrors, FormStatus, valueOf } from './form-fields'

// The /admin/risk forms. Each re-mounts after a failed save so it shows what
// was typed, with the errors beside the fields.

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>

const remountKey = (state: ActionState) => JSON.stringify(state.status === 'error' ? state.values : {})
const checked = (state: ActionState, name: string, fallback: boolean) => (state.status === 'error' ? state.values?.[name] === 'on' : fallback)

function LevelSelect({ id, state, fallback, label }: { id: string; state: ActionState; fallback: string; label: string }) {
  return (
    <Field id={id} label={label} errors={errorsFor(state, 'level')}>
      <select id={id} name="level" defaultValue={valueOf(state, 'level', fallback)} className="field-input" {...describedBy(id, errorsFor(state, 'level'))}>
        {RISK_LEVELS.map((level) => (
          <option key={level} value={level}>
            {RISK_LEVEL_LABELS[level]}
          </option>
        ))}
      </select>
    </Field>
  )
}

type RuleProps = {
  action: Action
  rule: { key: string; label: string; threshold: { label: string; unit: string; min: number; max: number } | null; setting: { enabled: boolean; threshold: number | null; level: string } }
}

export function RiskRuleForm({ action, rule }: RuleProps) {
  const [state, formAction, pending] = useActionState(action, IDLE)
  const id = (name: string) => `rule-${rule.key}-${name}`
  return (
    <form key={remountKey(state)} action={formAction} className="space-y-3" noValidate aria-labelledby={id('heading')}>
      <h3 id={id('heading')} className="font-semibold">
        {rule.label}
      </h3>
      <FormStatus state={state} />
      <input type="hidden" name="rule" value={rule.key} />
      <label className="inline-flex items-center gap-2">
        <input type="checkbox" name="enabled" defaultChecked={checked(state, 'enabled', rule.setting.enabled)} />
        On
      </label>
      <div className="grid gap-3 sm:grid-cols-2">
        {rule.threshold ? (
          <Field id={id('threshold')} label={`${rule.threshold.label} (${rule.threshold.unit})`} errors={errorsFor(state, 'threshold')}>
            <input
              id={id('threshold')}
              name="threshold"
              type="number"
              min={rule.threshold.min}
              max={rule.threshold.max}
              defaultValue={valueOf(state, 'threshold', String(rule.setting.threshold ?? ''))}
              className="field-input"
              {...describedBy(id('threshold'), errorsFor(state, 'threshold'))}
            />
          </Field>
        ) : null}
        <LevelSelect id={id('level')} state={state} fallback={rule.setting.level} label="Raises the risk to" />
      </div>
      <button type="submit" className="btn-secondary" disabled={pending} aria-label={`Save the rule “${rule.label}”`}>
        {pending ? 'Saving…' : 'Save rule'}
      </button>
    </form>
  )
}

export function RiskThresholdsForm({ action, thresholds }: { action: Action; thresholds: { mediumScore: number; highScore: number } }) {
  const [state, formAction, pending] = useActionState(action, IDLE)
  const field = (name: 'mediumScore' | 'highScore', label: string) => (
    <Field id={`questionnaire-${name}`} label={label} errors={errorsFor(state, name)}>
      <input
        id={`questionnaire-${name}`}
        name={name}
        type="number"
        min={0}
        defaultValue={valueOf(state, name, String(thresholds[name]))}
        className="field-input"
        {...describedBy(`questionnaire-${name}`, errorsFor(state, name))}
      />
    </Field>
  )
  return (
    <form key={remountKey(state)} action={formAction} className="max-w-xl space-y-3" noValidate>
      <FormStatus state={state} />
      <div className="grid gap-3 sm:grid-cols-2">
        {field('mediumScore', 'Medium from a score of')}
        {field('highScore', 'High from a score of')}
      </div>
      <button type="submit" className="btn-secondary" disabled={pending}>
        {pending ? 'Saving…' : 'Save thresholds'}
      </button>
    </form>
  )
}

type QuestionProps = {
  action: Action
  maxLength: number
  question?: { id: string; text: string; weight: number; riskyAnswer: boolean; active: boolean }
}

/** Edits one question, or adds one when `question` is absent. */
export function RiskQuestionForm({ action, maxLength, question }: QuestionProps) {
  const [state, formAction, pending] = useActionState(action, IDLE)
  const prefix = question ? `question-${question.id}` : 'new-question'
  const id = (name: string) => `${prefix}-${name}`
  const risky = valueOf(state, 'riskyAnswer', question ? (question.riskyAnswer ? 'yes' : 'no') : 'no')
  return (
    <form key={remountKey(state)} action={formAction} className="space-y-3" noValidate>
      <FormStatus state={state} />
      {question ? <input type="hidden" name="questionId" value={question.id} /> : null}
      <Field id={id('text')} label="Question" errors={errorsFor(state, 'text')}>
        <input id={id('text')} name="text" type="text" maxLength={maxLength} defaultValue={valueOf(state, 'text', question?.text)} className="field-input" {...describedBy(id('text'), errorsFor(state, 'text'))} />
      </Field>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field id={id('weight')} label="Weight" errors={errorsFor(state, 'weight')}>
          <input id={id('weight')} name="weight" type="number" min={0} max={100} defaultValue={valueOf(state, 'weight', String(question?.weight ?? 10))} className="field-input" {...describedBy(id('weight'), errorsFor(state, 'weight'))} />
        </Field>
        <fieldset aria-describedby={errorsFor(state, 'riskyAnswer').length > 0 ? `${id('riskyAnswer')}-error` : undefined}>
          <legend className="font-medium">The weight counts when the answer is</legend>
          <div className="flex gap-4">
            {(['yes', 'no'] as const).map((answer) => (
              <label key={answer} className="inline-flex items-center gap-2">
                <input type="radio" name="riskyAnswer" value={answer} defaultChecked={risky === answer} />
                {answer === 'yes' ? 'Yes' : 'No'}
              </label>
            ))}
          </div>
          <FieldErrors id={`${id('riskyAnswer')}-error`} errors={errorsFor(state, 'riskyAnswer')} />
        </fieldset>
      </div>
      <div>
        <label className="inline-flex items-center gap-2">
          <input type="checkbox" name="active" defaultChecked={checked(state, 'active', question?.active ?? true)} {...describedBy(id('active'), errorsFor(state, 'active'))} />
          Active (asked on the change form)
        </label>
        <FieldErrors id={`${id('active')}-error`} errors={errorsFor(state, 'active')} />
      </div>
      <button type="submit" className="btn-secondary" disabled={pending}>
        {pending ? 'Saving…' : question ? 'Save question' : 'Add question'}
      </button>
    </form>
  )
}
