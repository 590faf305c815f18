import 'server-only'
import nodemailer, { type Transporter } from 'nodemailer'
import { env } from '@/lib/env'
import { prisma } from '@/lib/server/db'

/** How long one delivery may hold a message before another worker may try it. */
const CLAIM_SECONDS = 120

export type MailSender = (message: { from: string; to: string; subject: string; text: string; html: string; ics: string | null }) => Promise<void>

const globalForMail = globalThis as unknown as { changeboardTransport?: { url: string; transporter: Transporter } }

/**
 * SMTP when SMTP_URL is set; otherwise null, and messages stay in the local
 * outbox (/admin/outbox) exactly as they would have been sent.
 */
export function smtpSender(url = env().SMTP_URL): MailSender | null {
  if (!url) return null
  if (globalForMail.changeboardTransport?.url !== url) {
    globalForMail.changeboardTransport = { url, transporter: nodemailer.createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 }) }
  }
  const { transporter } = globalForMail.changeboardTransport
  return async (message) => {
    await transporter.sendMail({
      from: message.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      // text/calendar alternative plus invite.ics: what calendar clients read as an invitation.
      ...(message.ics ? { icalEvent: { filename: 'invite.ics', method: /METHOD:CANCEL/.test(message.ics) ? 'CANCEL' : 'REQUEST', content: message.ics } } : {}),
    })
  }
}

export type DeliveryResult = 'sent' | 'stored' | 'skipped' | 'retry' | 'failed'

/**
 * Delivers one outbox message, once: the claim is one UPDATE that only a
 * single worker can win, so two instances (or a job and the sweep) never send
 * it twice. On an SMTP error the message goes back to QUEUED with the reason
 * and the error is rethrown for the queue's backoff; on the last attempt it is
 * marked FAILED for an admin to retry.
 */
export async function deliverMail(
  messageId: string,
  options: { send: MailSender | null; from?: string; lastAttempt: boolean },
): Promise<DeliveryResult> {
  const claimed = await prisma.$queryRaw<{ toAddress: string; subject: string; text: string; html: string; ics: string | null }[]>`
    UPDATE "MailMessage"
       SET "claimedUntil" = now() + make_interval(secs => ${CLAIM_SECONDS}), attempts = attempts + 1
     WHERE id = ${messageId}::uuid AND status = 'QUEUED' AND ("claimedUntil" IS NULL OR "claimedUntil" < now())
    RETURNING "toAddress", subject, text, html, ics`
  const message = claimed[0]
  if (!message) return 'skipped'
  if (!options.send) {
    await prisma.mailMessage.update({ where: { id: messageId }, data: { status: 'STORED', sentAt: new Date(), claimedUntil: null, lastError: null } })
    return 'stored'
  }
  try {
    await options.send({ from: options.from ?? env().MAIL_FROM, to: message.toAddress, subject: message.subject, text: message.text, html: message.html, ics: message.ics })
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).slice(0, 1000)
    await prisma.mailMessage.update({
      where: { id: messageId },
      data: { status: options.lastAttempt ? 'FAILED' : 'QUEUED', lastError: reason, claimedUntil: null },
    })
    if (options.lastAttempt) return 'failed'
    throw error
  }
  await prisma.mailMessage.update({ where: { id: messageId }, data: { status: 'SENT', sentAt: new Date(), claimedUntil: null, lastError: null } })
  return 'sent'
}

/**
 * Messages whose delivery job never came (written by a script without a queue,
 * or the process died between commit and pickup), or whose claim expired:
 * what the sweep hands back to the queue.
 */
export async function strandedMessageIds(olderThanSeconds = 60, limit = 500): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ id: string }[]>`
    SELECT id FROM "MailMessage"
     WHERE status = 'QUEUED' AND "createdAt" < now() - make_interval(secs => ${olderThanSeconds})
       AND ("claimedUntil" IS NULL OR "claimedUntil" < now())
     ORDER BY "createdAt"
     LIMIT ${limit}`
  return rows.map((r) => r.id)
}
