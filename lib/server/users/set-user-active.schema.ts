import { z } from 'zod'

export const ZSetUserActiveInput = z.object({
  userId: z.uuid('Unknown user.'),
  active: z.enum(['true', 'false']).transform((value) => value === 'true'),
})

export type TSetUserActiveInput = z.infer<typeof ZSetUserActiveInput>
