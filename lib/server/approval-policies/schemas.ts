import { z } from 'zod'
import { MAX_NAMED_USERS_PER_RULE, MAX_RULES_PER_POLICY, ZPolicyRule, type PolicyRule } from '@/lib/domain/approval-policy/policy-rules'
import { CRITICALITY_LEVELS, GOVERNS_OPTIONS } from '@/lib/domain/approval-policy/policy-validation'
import { LIMITS } from '@/lib/domain/shared/limits'

// The input schemas of lib/server/approval-policies: the single source of their input types.

export const ZCreatePolicyInput = z.object({
  name: z.string().trim().min(1, 'Enter a name.').max(LIMITS.name, `Use at most ${LIMITS.name} characters.`),
  governs: z.enum(GOVERNS_OPTIONS, 'Choose which changes the policy governs.'),
  /** Empty: every criticality. Ignored for emergency changes. */
  criticality: z.preprocess((v) => (v === '' || v === undefined ? null : v), z.enum(CRITICALITY_LEVELS, 'Choose a criticality from the list.').nullable()),
})
export type TCreatePolicyInput = z.input<typeof ZCreatePolicyInput>

export const ZPolicyIdInput = z.object({ policyId: z.uuid('Unknown policy.') })
export type TPolicyIdInput = z.infer<typeof ZPolicyIdInput>

// The rules editor posts one row of inputs per rule, suffixed with the row's
// index ("who-0", "n-1"), so each error lands beside its own input and the
// typed values come back into the same rows after a failed save.
export const WHO_KINDS = ['SERVICE_OWNERS', 'GROUP', 'USERS', 'CHANGE_MANAGERS'] as const
export const COUNT_MODES = ['ALL', 'ANY', 'N_OF_M'] as const
export const RULE_ROW_FIELDS = ['stage', 'who', 'groupId', 'userIds', 'count', 'n'] as const
export type RuleRowField = (typeof RULE_ROW_FIELDS)[number]
export const ruleField = (field: RuleRowField, row: number) => `${field}-${row}`

const ZRuleRow = z
  .object({
    stage: z.coerce.number('Choose a stage.').int('Choose a stage.').min(1, 'Choose a stage.').max(5, 'At most 5 stages.'),
    who: z.enum(WHO_KINDS, 'Choose who approves.'),
    groupId: z.string(),
    userIds: z.preprocess((v) => (v === undefined || v === '' ? [] : typeof v === 'string' ? [v] : v), z.array(z.string())),
    count: z.enum(COUNT_MODES, 'Choose how many must approve.'),
    n: z.string(),
  })
  .transform(
    (row): PolicyRule => ({
      stage: row.stage,
      eligible:
        row.who === 'GROUP'
          ? { kind: 'GROUP', groupId: row.groupId }
          : row.who === 'USERS'
            ? { kind: 'USERS', userIds: [...new Set(row.userIds)] }
            : { kind: row.who },
      count: row.count === 'N_OF_M' ? { mode: 'N_OF_M', n: row.n.trim() === '' ? Number.NaN : Number(row.n) } : { mode: row.count },
    }),
  )
  .pipe(ZPolicyRule)

/** Where ZPolicyRule's issue paths point on the form, with a message people can act on. */
function rowIssue(path: readonly PropertyKey[], message: string): { field: RuleRowField; message: string } {
  const [head, tail] = path
  if (head === 'eligible' && tail === 'groupId') return { field: 'groupId', message: 'Choose an approver group.' }
  if (head === 'eligible' && tail === 'userIds') return { field: 'userIds', message: 'Choose at least one person (at most 50).' }
  if (head === 'count' && tail === 'n') return { field: 'n', message: `Enter how many must approve: a whole number from 1 to ${MAX_NAMED_USERS_PER_RULE}.` }
  if (head === 'stage' || head === 'who' || head === 'count' || head === 'n') return { field: head, message }
  return { field: 'who', message }
}

export const ZSavePolicyRulesInput = z
  .looseObject({
    policyId: z.uuid('Unknown policy.'),
    /** The version the editor was loaded with: saving over a newer one is refused. */
    baseVersion: z.coerce.number().int().min(1),
  })
  .transform((values, ctx) => {
    const rules: PolicyRule[] = []
    for (let row = 0; row < MAX_RULES_PER_POLICY; row++) {
      // The editor numbers its rows 0, 1, 2… without gaps, so row i is rule i in the messages below.
      if (values[ruleField('who', row)] === undefined) break
      const parsed = ZRuleRow.safeParse(Object.fromEntries(RULE_ROW_FIELDS.map((f) => [f, values[ruleField(f, row)] ?? ''])))
      if (parsed.success) rules.push(parsed.data)
      for (const issue of parsed.error?.issues ?? []) {
        const { field, message } = rowIssue(issue.path, issue.message)
        ctx.addIssue({ code: 'custom', path: [ruleField(field, row)], message })
      }
    }
    if (rules.length === 0 && ctx.issues.length === 0) ctx.addIssue({ code: 'custom', path: ['rules'], message: 'Add at least one rule.' })
    return { policyId: values.policyId, baseVersion: values.baseVersion, rules }
  })
export type TSavePolicyRulesInput = z.output<typeof ZSavePolicyRulesInput>
