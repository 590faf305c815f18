import 'server-only'
import { randomUUID } from 'node:crypto'
import { composeMail } from '@/lib/domain/notifications/compose-mail'
import { NOTICE_KIND_INFO, wantsEmail, type NoticeKind } from '@/lib/domain/notifications/kinds'
import { isValidTimeZone } from '@/lib/domain/time/zoned'
import { env } from '@/lib/env'
import { prisma, type Tx } from '@/lib/server/db'
import { publicBaseUrl } from '@/lib/server/http/public-url'
import { enqueueDeliveries } from '@/lib/server/jobs/queue'
import { changeInvitation } from './invitation'
import { log } from '@/lib/server/log'

export type Notice = {
  kind: NoticeKind
  userIds: readonly string[]
  changeId: string | null
  message: string
  /** Longer text for the e-mail only (outcome notes, a rejection statement); the in-app notice stays one line. */
  detail?: string
  /** Overrides the kind's invitation (a cancelled change was only in calendars if it was scheduled). */
  calendar?: 'request' | 'cancel' | null
}

/**
 * The one writer of notices: the in-app notice and, for each recipient who
 * wants it (mandatory kinds always), the e-mail in the outbox, composed now in
 * the recipient's zone. Inside a transaction (pass its client) both commit or
 * roll back with the state change that caused them, together with their
 * delivery jobs; without one they get a transaction of their own, and a
 * failure is logged, never undoes the change that already committed.
 * Nobody is told about their own action; deactivated users are told nothing.
 */
export async function notify(notice: Notice, options: { tx?: Tx; except?: string } = {}): Promise<void> {
  const recipients = [...new Set(notice.userIds)].filter((id) => id !== options.except)
  if (recipients.length === 0) return
  if (options.tx) {
    await writeNotice(options.tx, notice, recipients)
    return
  }
  await prisma
    .$transaction((tx) => writeNotice(tx, notice, recipients))
    .catch((error: unknown) => log().error({ err: error }, 'could not write notifications'))
}

async function writeNotice(tx: Tx, notice: Notice, recipientIds: readonly string[]): Promise<void> {
  const users = await tx.user.findMany({
    where: { id: { in: [...recipientIds] }, active: true },
    select: { id: true, name: true, email: true, timeZone: true, mailDigest: true, mailPreferences: { where: { kind: notice.kind }, select: { email: true } } },
  })
  if (users.length === 0) return
  await tx.notification.createMany({ data: users.map((u) => ({ userId: u.id, changeId: notice.changeId, message: notice.message })) })

  const change = notice.changeId
    ? await tx.changeRequest.findUnique({
        where: { id: notice.changeId },
        select: { id: true, number: true, title: true, windowStart: true, windowEnd: true, version: true },
      })
    : null
  const info = NOTICE_KIND_INFO[notice.kind]
  const baseUrl = mailBaseUrl()
  const organizer = parseAddress(env().MAIL_FROM)
  const messages = users
    .filter((u) => wantsEmail(notice.kind, u.mailPreferences.some((p) => !p.email)))
    .map((u) => {
      const timeZone = isValidTimeZone(u.timeZone) ? u.timeZone : 'UTC'
      const mail = composeMail({ kind: notice.kind, message: notice.message, detail: notice.detail, recipient: { name: u.name, timeZone }, change, baseUrl })
      const window = change?.windowStart && change.windowEnd ? { ...change, windowStart: change.windowStart, windowEnd: change.windowEnd } : null
      const calendar = notice.calendar === undefined ? info.calendar : notice.calendar
      const ics =
        calendar && window
          ? changeInvitation(window, calendar, { organizer, attendee: { name: u.name, email: u.email }, link: `${baseUrl}/changes/${window.id}` })
          : null
      // A digest reader gets the optional ones once a day; mandatory ones never wait.
      const held = u.mailDigest && !info.mandatory
      return { id: randomUUID(), kind: notice.kind, recipientId: u.id, toAddress: u.email, changeId: notice.changeId, ics, status: held ? ('HELD' as const) : ('QUEUED' as const), ...mail }
    })
  if (messages.length === 0) return
  await tx.mailMessage.createMany({ data: messages })
  await enqueueDeliveries(
    tx,
    messages.filter((m) => m.status === 'QUEUED').map((m) => m.id),
  )
}

/** Links in e-mails point at the configured public address, never at a request's Host header. */
export function mailBaseUrl(): string {
  return publicBaseUrl().replace(/\/+$/, '')
}

/** 'Changeboard <cab@example.com>' → { name, email }; a bare address names itself. */
export function parseAddress(from: string): { name: string; email: string } {
  const [, name = '', email] = /^\s*(.*?)\s*<([^<>\s]+)>\s*$/.exec(from) ?? []
  return email ? { name: name.replace(/^"|"$/g, '') || email, email } : { name: from.trim(), email: from.trim() }
}
