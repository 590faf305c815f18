import { z } from 'zod'
import { LIMITS } from '@/lib/domain/shared/limits'
import { isValidTimeZone } from '@/lib/domain/time/zoned'

// Form-level fields of a freeze. Times arrive as <input type="datetime-local">
// values typed in `timeZone`; resolveFreezeFields turns them into UTC instants.
export const ZFreezeFields = z.object({
  name: z.string().trim().min(1, 'Give the freeze a name.').max(LIMITS.name, `Keep the name under ${LIMITS.name} characters.`),
  reason: z.string().trim().min(1, 'Say why changes must not happen in this period.').max(LIMITS.reason, `Keep the reason under ${LIMITS.reason} characters.`),
  startsAtLocal: z.string().trim().min(1, 'Enter when the freeze starts.').max(LIMITS.dateTime),
  endsAtLocal: z.string().trim().min(1, 'Enter when the freeze ends.').max(LIMITS.dateTime),
  timeZone: z.string().trim().max(LIMITS.timeZone).refine(isValidTimeZone, 'Choose a time zone from the list.'),
  scope: z.enum(['ALL_SERVICES', 'SELECTED_SERVICES'], { error: 'Choose all services or selected services.' }),
  serviceIds: z.array(z.uuid('Choose services from the list.')).max(LIMITS.idList).default([]),
  severity: z.enum(['HARD', 'SOFT'], { error: 'Choose HARD or SOFT.' }),
  rrule: z
    .string()
    .trim()
    .max(LIMITS.rrule, `Keep the rule under ${LIMITS.rrule} characters.`)
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .default(null),
})

export type TFreezeFields = z.infer<typeof ZFreezeFields>
