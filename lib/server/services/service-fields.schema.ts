import { z } from 'zod'
import { LIMITS } from '@/lib/domain/shared/limits'

const CRITICALITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] as const

export const ZServiceFields = z.object({
  name: z.string().trim().min(1, 'Enter a name.').max(LIMITS.name, `Use at most ${LIMITS.name} characters.`),
  description: z.string().trim().max(LIMITS.description, `Use at most ${LIMITS.description} characters.`),
  criticality: z.enum(CRITICALITIES, 'Choose a criticality.'),
  ownerId: z.uuid('Choose an owner.'),
})

export const CRITICALITY_LABELS: Readonly<Record<(typeof CRITICALITIES)[number], string>> = {
  CRITICAL: 'Critical',
  HIGH: 'High',
  MEDIUM: 'Medium',
  LOW: 'Low',
}
