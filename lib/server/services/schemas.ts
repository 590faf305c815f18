import { LIMITS } from '@/lib/domain/shared/limits'
import { isValidTimeZone } from '@/lib/domain/time/zoned'
import { z } from 'zod'

// The input schemas of lib/server/services: the single source of its input types.

const CRITICALITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] as const

export const ZServiceFields = z.object({
  name: z.string().trim().min(1, 'Enter a name.').max(LIMITS.name, `Use at most ${LIMITS.name} characters.`),
  description: z.string().trim().max(LIMITS.description, `Use at most ${LIMITS.description} characters.`),
  criticality: z.enum(CRITICALITIES, 'Choose a criticality.'),
  ownerId: z.uuid('Choose an owner.'),
  // The maintenance window (explainable risk, issue 13). The form always sends
  // the times (maybe blank); a caller that sends no times leaves the window as it is.
  maintenanceDays: z
    .preprocess(
      (value) => (value === '' ? [] : value === undefined || Array.isArray(value) ? value : [value]),
      z.array(z.coerce.number().int().min(1, 'Choose days from the list.').max(7, 'Choose days from the list.')).max(7),
    )
    .optional(),
  maintenanceStart: z.string().max(LIMITS.dateTime).optional(),
  maintenanceEnd: z.string().max(LIMITS.dateTime).optional(),
  maintenanceTimeZone: z.string().max(LIMITS.timeZone).refine(isValidTimeZone, 'Choose a time zone from the list.').optional(),
})

export const CRITICALITY_LABELS: Readonly<Record<(typeof CRITICALITIES)[number], string>> = {
  CRITICAL: 'Critical',
  HIGH: 'High',
  MEDIUM: 'Medium',
  LOW: 'Low',
}

export const ZCreateServiceInput = ZServiceFields

export type TCreateServiceInput = z.infer<typeof ZCreateServiceInput>

export const ZUpdateServiceInput = ZServiceFields.extend({ serviceId: z.uuid('Unknown service.') })

export type TUpdateServiceInput = z.infer<typeof ZUpdateServiceInput>
