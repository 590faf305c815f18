import type { RiskAssessment } from '@/lib/domain/risk/assess'
import { RISK_RULES } from '@/lib/domain/risk/rules'
import { RISK_LEVEL_LABELS, type RiskLevel } from '@/lib/domain/shared/types'

// Why a change is as risky as it is, in words: shared by the change page and
// the form's live preview. Levels are written out, never shown by colour alone.

const lower = (level: RiskLevel) => RISK_LEVEL_LABELS[level].toLowerCase()

/** "High: the rules say medium, the questionnaire says high (score 60; medium from 30, high from 60)." */
export function riskSummary(risk: RiskAssessment): string {
  const q = risk.questionnaire
  const computed = `the rules say ${lower(risk.ruleLevel)}, the questionnaire says ${lower(q.level)} (score ${q.score}; medium from ${q.mediumScore}, high from ${q.highScore})`
  const raised = risk.raise && risk.level !== risk.computedLevel ? `; raised by the requester from ${lower(risk.computedLevel)}` : ''
  return `${RISK_LEVEL_LABELS[risk.level]}: ${computed}${raised}.`
}

type Props = { risk: RiskAssessment; headingLevel?: 3 | 4; showAnswers?: boolean; summary?: boolean }

export function RiskExplanation({ risk, headingLevel = 3, showAnswers = true, summary = true }: Props) {
  const Heading = headingLevel === 3 ? 'h3' : 'h4'
  return (
    <div className="space-y-3">
      {summary ? (
        <p>
          <strong>Risk {riskSummary(risk)}</strong>
        </p>
      ) : null}
      <div>
        <Heading className="font-semibold">Rules that fired</Heading>
        {risk.fired.length === 0 ? (
          <p className="text-slate-700">None.</p>
        ) : (
          <ul className="list-disc space-y-1 pl-6">
            {risk.fired.map((f) => (
              <li key={f.rule}>
                <span className="font-medium">{RISK_RULES[f.rule].label}</span> (raises to {lower(f.level)}): {f.reason}
              </li>
            ))}
          </ul>
        )}
      </div>
      {risk.raise ? (
        <div>
          <Heading className="font-semibold">Raised by the requester to {lower(risk.raise.level)}</Heading>
          <p className="whitespace-pre-line">{risk.raise.reason}</p>
        </div>
      ) : null}
      {showAnswers && risk.questionnaire.answers.length > 0 ? (
        <div>
          <Heading className="font-semibold">Questionnaire</Heading>
          <ul className="list-disc space-y-1 pl-6">
            {risk.questionnaire.answers.map((a) => (
              <li key={a.questionId}>
                {a.text} <span className="font-medium">{a.answer === null ? 'Not answered' : a.answer ? 'Yes' : 'No'}</span>
                {a.counted ? ` (counts ${a.weight})` : ''}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  )
}
