import 'server-only'
import { z } from 'zod'
import { MAIL_STATUS_LABELS, canRetryMail, type MailStatusName } from '@/lib/domain/notifications/mail-status'
import type { Actor } from '@/lib/domain/shared/types'
import { recordAudit } from '@/lib/server/audit/record-audit'
import { assertCan } from '@/lib/server/assert-can'
import { prisma } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'
import { enqueueDeliveries } from '@/lib/server/jobs/queue'
import type { TListOutboxInput, TRetryMailInput } from './schemas'

/** One outbox message exactly as it is (or would be) sent: the admin sees what the recipient gets. */
export type OutboxItem = {
  id: string
  kind: string
  createdAt: Date
  sentAt: Date | null
  recipient: { name: string }
  toAddress: string
  subject: string
  text: string
  html: string
  ics: string | null
  changeId: string | null
  status: MailStatusName
  attempts: number
  lastError: string | null
}

export type OutboxPage = { items: OutboxItem[]; next: string | null; older: boolean }

/** Messages per page of /admin/outbox. */
export const OUTBOX_PAGE_SIZE = 25

const ZOutboxCursor = z.object({ t: z.iso.datetime(), i: z.uuid() })

/** Where a page ended (its last message's time and id), opaque in the URL. */
function encodeOutboxCursor(item: { createdAt: Date; id: string }): string {
  return Buffer.from(JSON.stringify({ t: item.createdAt.toISOString(), i: item.id })).toString('base64url')
}

/** A cursor that does not parse (hand-edited, truncated) means the newest page. */
function decodeOutboxCursor(text: string | undefined): { createdAt: Date; id: string } | null {
  if (!text) return null
  try {
    const parsed = ZOutboxCursor.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')))
    return parsed.success ? { createdAt: new Date(parsed.data.t), id: parsed.data.i } : null
  } catch {
    return null
  }
}

/**
 * The outbox for administrators, newest first, one page at a time on the
 * (createdAt, id) index, or (status, createdAt) when filtered: every message
 * ever written stays reachable however many there are.
 */
export async function listOutbox(actor: Actor, input: TListOutboxInput): Promise<OutboxPage> {
  assertCan(actor, 'outbox:manage')
  const cursor = decodeOutboxCursor(input.after)
  const rows = await prisma.mailMessage.findMany({
    where: {
      ...(input.status === 'ALL' ? {} : { status: input.status }),
      ...(cursor ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] } : {}),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: OUTBOX_PAGE_SIZE + 1,
    select: {
      id: true,
      kind: true,
      createdAt: true,
      sentAt: true,
      recipient: { select: { name: true } },
      toAddress: true,
      subject: true,
      text: true,
      html: true,
      ics: true,
      changeId: true,
      status: true,
      attempts: true,
      lastError: true,
    },
  })
  const items = rows.slice(0, OUTBOX_PAGE_SIZE)
  const last = items.at(-1)
  return { items, next: rows.length > OUTBOX_PAGE_SIZE && last ? encodeOutboxCursor(last) : null, older: cursor !== null }
}

/**
 * Sends a FAILED message back to the queue: QUEUED again with its claim
 * cleared, its attempts and last error kept as history. Only failed messages:
 * the others are on their way, delivered, or waiting for their digest.
 */
export async function retryMail(actor: Actor, input: TRetryMailInput): Promise<void> {
  assertCan(actor, 'outbox:manage')
  await prisma.$transaction(async (tx) => {
    const message = await tx.mailMessage.findUnique({
      where: { id: input.messageId },
      select: { id: true, status: true, toAddress: true, subject: true, attempts: true, lastError: true },
    })
    if (!message) throw new AppError('NOT_FOUND', 'That message is not in the outbox.')
    if (!canRetryMail(message.status)) {
      throw new AppError('CONFLICT', `Only failed messages can be retried; this one is ${MAIL_STATUS_LABELS[message.status].toLowerCase()}.`)
    }
    // Conditional on FAILED: of two admins retrying at once, one moves it and the other is told.
    const { count } = await tx.mailMessage.updateMany({ where: { id: message.id, status: 'FAILED' }, data: { status: 'QUEUED', claimedUntil: null } })
    if (count === 0) throw new AppError('CONFLICT', 'Someone else retried this message a moment ago.')
    await recordAudit(tx, [
      {
        action: 'mail.retried',
        actorId: actor.id,
        entityType: 'mail',
        entityId: message.id,
        details: { messageId: message.id, toAddress: message.toAddress, subject: message.subject, attempts: message.attempts, lastError: message.lastError },
      },
    ])
    // With this process's queue registered (the app), the delivery job is
    // inserted by this transaction: boss.send(QUEUES.deliverMail, { messageId },
    // { singletonKey: messageId }) on the same connection, so it exists exactly
    // when the message is QUEUED again. Without one (a script, a test without
    // workers) nothing is enqueued here: the minute sweep (QUEUES.sweepMail)
    // hands every QUEUED message older than a minute to the queue, and a
    // retried message is always that old.
    await enqueueDeliveries(tx, [message.id])
  })
}
