'use client'

import { useEffect, useRef, useState } from 'react'
import { describedBy, FieldErrors } from '@/components/admin/form-fields'
import { Fieldset } from '@/components/changes/form-bits'
import type { RiskAssessment } from '@/lib/domain/risk/assess'
import { riskAnswerField } from '@/lib/domain/risk/questionnaire'
import { LIMITS } from '@/lib/domain/shared/limits'
import { RISK_LEVEL_LABELS } from '@/lib/domain/shared/types'
import type { RiskPreview } from '@/lib/server/change-requests/preview-risk'
import { RiskExplanation, riskSummary } from './risk-explanation'

type Props = {
  idPrefix: string
  questions: readonly { id: string; text: string }[]
  /** The typed value of a form field ('yes' / 'no' for `riskAnswer:<id>`). */
  valueOf: (name: string) => string
  errorsOf: (name: string) => string[]
  /** The assessment stored with the change being edited (null for a new one). */
  stored: RiskAssessment | null
  preview: (formData: FormData) => Promise<RiskPreview>
}

/** How long typing must pause before the preview is asked for. */
const DEBOUNCE_MS = 400

/**
 * The questionnaire, the raise-with-reason control, and the risk as the form
 * stands: recomputed on the server from every field (debounced) and announced
 * in a polite live region. Without JavaScript the fields still post and the
 * save computes the same risk.
 */
export function RiskFields({ idPrefix, questions, valueOf, errorsOf, stored, preview }: Props) {
  const ref = useRef<HTMLDivElement>(null)
  const [shown, setShown] = useState<RiskPreview | null>(stored ? { status: 'ok', risk: stored, problems: [] } : null)
  const id = (name: string) => `${idPrefix}-${name}`

  useEffect(() => {
    const form = ref.current?.closest('form')
    if (!form) return
    let timer: ReturnType<typeof setTimeout> | undefined
    let latest = 0
    const refresh = () => {
      clearTimeout(timer)
      timer = setTimeout(() => {
        const asked = ++latest
        preview(new FormData(form))
          .then((result) => {
            // Only the answer to the newest question counts: earlier ones may arrive late.
            if (asked === latest) setShown(result)
          })
          .catch(() => {
            if (asked === latest) setShown({ status: 'unavailable', message: 'The risk preview is not available right now; saving still works it out.' })
          })
      }, DEBOUNCE_MS)
    }
    form.addEventListener('input', refresh)
    form.addEventListener('change', refresh)
    if (!stored) refresh()
    return () => {
      clearTimeout(timer)
      form.removeEventListener('input', refresh)
      form.removeEventListener('change', refresh)
    }
  }, [preview, stored])

  return (
    <div ref={ref} className="space-y-4">
      <Fieldset legend="Risk questionnaire" id={id('riskAnswers')} errors={errorsOf('riskAnswers')}>
        <p className="mb-3 text-sm text-slate-600">An unanswered question counts as the riskier answer.</p>
        <ol className="space-y-3">
          {questions.map((q, i) => {
            const name = riskAnswerField(q.id)
            const groupId = id(`question-${i + 1}`)
            return (
              <li key={q.id}>
                <fieldset aria-labelledby={`${groupId}-text`}>
                  <p id={`${groupId}-text`}>{q.text}</p>
                  <div className="flex gap-4">
                    {(['yes', 'no'] as const).map((answer) => (
                      <label key={answer} className="inline-flex items-center gap-2">
                        <input type="radio" name={name} value={answer} defaultChecked={valueOf(name) === answer} />
                        {answer === 'yes' ? 'Yes' : 'No'}
                      </label>
                    ))}
                  </div>
                </fieldset>
              </li>
            )
          })}
        </ol>
      </Fieldset>

      <Fieldset legend="Raise the risk (optional)" id={id('riskRaise')}>
        <p className="mb-3 text-sm text-slate-600">You may raise the computed risk if you know more than the rules do; you can never lower it.</p>
        <div className="grid gap-4 sm:grid-cols-2">
          <div>
            <label htmlFor={id('riskRaiseLevel')} className="block font-medium">
              Raise the risk to
            </label>
            <select id={id('riskRaiseLevel')} name="riskRaiseLevel" defaultValue={valueOf('riskRaiseLevel')} className="field-input" {...describedBy(id('riskRaiseLevel'), errorsOf('riskRaiseLevel'))}>
              <option value="">No raise</option>
              {(['MEDIUM', 'HIGH'] as const).map((level) => (
                <option key={level} value={level}>
                  {RISK_LEVEL_LABELS[level]}
                </option>
              ))}
            </select>
            <FieldErrors id={`${id('riskRaiseLevel')}-error`} errors={errorsOf('riskRaiseLevel')} />
          </div>
          <div>
            <label htmlFor={id('riskRaiseReason')} className="block font-medium">
              Reason for raising it
            </label>
            <textarea
              id={id('riskRaiseReason')}
              name="riskRaiseReason"
              rows={3}
              maxLength={LIMITS.reason}
              defaultValue={valueOf('riskRaiseReason')}
              className="field-input"
              {...describedBy(id('riskRaiseReason'), errorsOf('riskRaiseReason'))}
            />
            <FieldErrors id={`${id('riskRaiseReason')}-error`} errors={errorsOf('riskRaiseReason')} />
          </div>
        </div>
      </Fieldset>

      <section aria-labelledby={id('risk-heading')} className="rounded border border-slate-300 bg-slate-50 p-4">
        <h2 id={id('risk-heading')} className="font-semibold">
          Risk as the form stands
        </h2>
        {/* Announced politely after typing pauses; the details below it are read on demand. */}
        <p role="status" aria-live="polite" className="mt-1">
          {shown === null ? 'Working out the risk…' : shown.status === 'ok' ? `Risk ${riskSummary(shown.risk)}` : shown.message}
        </p>
        {shown?.status === 'ok' ? (
          <div className="mt-3">
            {shown.problems.map((problem) => (
              <p key={problem} className="font-medium text-red-800">
                {problem}
              </p>
            ))}
            <RiskExplanation risk={shown.risk} headingLevel={3} showAnswers={false} summary={false} />
          </div>
        ) : null}
      </section>
    </div>
  )
}
