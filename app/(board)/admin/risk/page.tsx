import type { Metadata } from 'next'
import { RiskQuestionForm, RiskRuleForm, RiskThresholdsForm } from '@/components/admin/risk-forms'
import { WebhookButton } from '@/components/admin/webhook-button'
import { MAX_ACTIVE_QUESTIONS } from '@/lib/domain/risk/questionnaire'
import { forbidIfCannot, requireActor } from '@/lib/server/authz'
import { getRiskAdmin } from '@/lib/server/risk/manage-risk'
import { RISK_QUESTION_MAX_LENGTH } from '@/lib/server/risk/schemas'
import { moveRiskQuestionAction, saveRiskQuestionAction, updateRiskRuleAction, updateRiskThresholdsAction } from './actions'

export const metadata: Metadata = { title: 'Risk rules and questions' }

export default async function RiskAdminPage() {
  const actor = await requireActor()
  forbidIfCannot(actor, 'risk:manage')
  const { rules, thresholds, questions } = await getRiskAdmin(actor)
  const active = questions.filter((q) => q.active)
  return (
    <div className="space-y-10">
      <h1 className="text-2xl font-semibold">Risk rules and questions</h1>
      <p className="max-w-3xl text-slate-700">
        A change’s risk is the higher of what the rules and the questionnaire say; its requester may raise it with a reason, never lower it. Each
        rule that fires raises the risk to its level and says why on the change. New settings apply from the next time a change is saved or
        submitted; a change keeps the assessment it was given until then.
      </p>

      <section aria-labelledby="rules-heading" className="space-y-4">
        <h2 id="rules-heading" className="text-xl font-semibold">
          Rules
        </h2>
        <ul className="grid gap-4 md:grid-cols-2">
          {rules.map((rule) => (
            <li key={rule.key} className="rounded border border-slate-300 p-4">
              <RiskRuleForm action={updateRiskRuleAction} rule={{ key: rule.key, label: rule.label, threshold: rule.threshold, setting: rule.setting }} />
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="questionnaire-heading" className="space-y-4">
        <h2 id="questionnaire-heading" className="text-xl font-semibold">
          Questionnaire
        </h2>
        <p className="max-w-3xl text-slate-700">
          Up to {MAX_ACTIVE_QUESTIONS} yes/no questions. The weights of the risky answers (and of unanswered questions) add up to a score, which
          the thresholds turn into a level. {active.length} of {MAX_ACTIVE_QUESTIONS} are active.
        </p>
        <RiskThresholdsForm action={updateRiskThresholdsAction} thresholds={thresholds} />
        <ol className="space-y-4">
          {questions.map((q) => {
            const index = active.findIndex((a) => a.id === q.id)
            return (
              <li key={q.id} className="rounded border border-slate-300 p-4">
                <p className="mb-2 text-sm text-slate-700">{q.active ? `Question ${index + 1} of ${active.length}` : 'Inactive: not asked'}</p>
                <RiskQuestionForm action={saveRiskQuestionAction} maxLength={RISK_QUESTION_MAX_LENGTH} question={q} />
                {q.active && active.length > 1 ? (
                  <div className="mt-3 flex gap-2">
                    {index > 0 ? (
                      <WebhookButton action={moveRiskQuestionAction} fields={{ questionId: q.id, direction: 'up' }} label="Move up" accessibleLabel={`Move “${q.text}” up`} />
                    ) : null}
                    {index < active.length - 1 ? (
                      <WebhookButton action={moveRiskQuestionAction} fields={{ questionId: q.id, direction: 'down' }} label="Move down" accessibleLabel={`Move “${q.text}” down`} />
                    ) : null}
                  </div>
                ) : null}
              </li>
            )
          })}
        </ol>
        <section aria-labelledby="new-question-heading" className="space-y-3">
          <h3 id="new-question-heading" className="text-lg font-semibold">
            Add a question
          </h3>
          <RiskQuestionForm action={saveRiskQuestionAction} maxLength={RISK_QUESTION_MAX_LENGTH} />
        </section>
      </section>
    </div>
  )
}
