import { z } from 'zod'
import { isValidTimeZone } from '@/lib/domain/time/zoned'

// Form-level fields of a freeze. Times arrive as <input type="datetime-local">
// values typed in `timeZone`; resolveFreezeFields turns them into UTC instants.
export const ZFreezeFields = z.object({
  name: z.string().trim().min(1, 'Give the freeze a name.').max(120, 'Keep the name under 120 characters.'),
  reason: z.string().trim().min(1, 'Say why changes must not happen in this period.').max(2000, 'Keep the reason under 2000 characters.'),
  startsAtLocal: z.string().trim().min(1, 'Enter when the freeze starts.'),
  endsAtLocal: z.string().trim().min(1, 'Enter when the freeze ends.'),
  timeZone: z.string().trim().refine(isValidTimeZone, 'Choose a time zone from the list.'),
  scope: z.enum(['ALL_SERVICES', 'SELECTED_SERVICES'], { error: 'Choose all services or selected services.' }),
  serviceIds: z.array(z.uuid('Choose services from the list.')).default([]),
  severity: z.enum(['HARD', 'SOFT'], { error: 'Choose HARD or SOFT.' }),
  rrule: z
    .string()
    .trim()
    .max(500, 'Keep the rule under 500 characters.')
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .default(null),
})

export type TFreezeFields = z.infer<typeof ZFreezeFields>
