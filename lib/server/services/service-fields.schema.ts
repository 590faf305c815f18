import { z } from 'zod'

const CRITICALITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] as const

export const ZServiceFields = z.object({
  name: z.string().trim().min(1, 'Enter a name.').max(120, 'Use at most 120 characters.'),
  description: z.string().trim().max(2000, 'Use at most 2000 characters.'),
  criticality: z.enum(CRITICALITIES, 'Choose a criticality.'),
  ownerId: z.uuid('Choose an owner.'),
})

export const CRITICALITY_LABELS: Readonly<Record<(typeof CRITICALITIES)[number], string>> = {
  CRITICAL: 'Critical',
  HIGH: 'High',
  MEDIUM: 'Medium',
  LOW: 'Low',
}
