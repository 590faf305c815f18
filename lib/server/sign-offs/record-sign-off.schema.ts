import { z } from 'zod'

// Structure only; the rules on the statement and signature are the domain's
// validateSignOff, so the browser, the API and the tests get the same messages.
export const ZRecordSignOffInput = z.object({
  changeId: z.uuid('Unknown change.'),
  revision: z.coerce.number({ error: 'Reload the page: the revision you are signing is missing.' }).int().positive(),
  fingerprint: z.string().min(1, 'Reload the page: the revision you are signing is missing.'),
  decision: z.string().default(''),
  statement: z.string().default(''),
  signature: z.string().default(''),
})

export type TRecordSignOffInput = z.infer<typeof ZRecordSignOffInput>
