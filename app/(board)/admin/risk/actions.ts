'use server'

import { formAction } from '@/lib/server/form-action'
import { moveRiskQuestion, saveRiskQuestion, updateRiskRule, updateRiskThresholds } from '@/lib/server/risk/manage-risk'
import { ZMoveRiskQuestionInput, ZSaveRiskQuestionInput, ZUpdateRiskRuleInput, ZUpdateRiskThresholdsInput } from '@/lib/server/risk/schemas'

// The /admin/risk forms: session → zod → one use case (which checks risk:manage itself).

export const updateRiskRuleAction = formAction(ZUpdateRiskRuleInput, async (actor, input) => {
  await updateRiskRule(actor, input)
  return { message: 'Rule saved. It applies from the next time a change is saved or submitted.', revalidate: ['/admin/risk'] }
})

export const updateRiskThresholdsAction = formAction(ZUpdateRiskThresholdsInput, async (actor, input) => {
  await updateRiskThresholds(actor, input)
  return { message: 'Thresholds saved.', revalidate: ['/admin/risk'] }
})

export const saveRiskQuestionAction = formAction(ZSaveRiskQuestionInput, async (actor, input) => {
  await saveRiskQuestion(actor, input)
  return { message: input.questionId ? 'Question saved.' : 'Question added.', revalidate: ['/admin/risk', '/changes/new'] }
})

export const moveRiskQuestionAction = formAction(ZMoveRiskQuestionInput, async (actor, input) => {
  await moveRiskQuestion(actor, input)
  return { message: 'Moved.', revalidate: ['/admin/risk', '/changes/new'] }
})
