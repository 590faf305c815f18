// What happened to one outbox message, in words (the outbox shows status as
// text, never as a colour alone). Mirrors the MailStatus enum in schema.prisma.

export const MAIL_STATUSES = ['QUEUED', 'SENT', 'STORED', 'FAILED', 'HELD', 'DIGESTED'] as const
export type MailStatusName = (typeof MAIL_STATUSES)[number]

export const MAIL_STATUS_LABELS: Readonly<Record<MailStatusName, string>> = {
  QUEUED: 'Queued',
  SENT: 'Sent',
  STORED: 'Kept locally',
  FAILED: 'Failed',
  HELD: 'Held for digest',
  DIGESTED: 'Sent in a digest',
}

export function isMailStatus(value: string): value is MailStatusName {
  return (MAIL_STATUSES as readonly string[]).includes(value)
}

/** Only a delivery that gave up can be tried again; the others are on their way, done, or waiting for the digest. */
export function canRetryMail(status: MailStatusName): boolean {
  return status === 'FAILED'
}
