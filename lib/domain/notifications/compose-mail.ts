import { formatChangeNumber } from '../change-request/number'
import { formatInterval } from '../time/format-interval'
import { NOTICE_KIND_INFO, type NoticeKind } from './kinds'

export type MailRecipient = { name: string; timeZone: string }
export type MailChange = { id: string; number: number; title: string; windowStart: Date | null; windowEnd: Date | null }
export type ComposedMail = { subject: string; text: string; html: string }

const SUBJECT_PREFIX = '[Changeboard]'

/**
 * One notice as an e-mail: a plain-text part people can read in any client,
 * the same content as HTML, a deep link to the change and its window in the
 * recipient's own zone. `baseUrl` is the public URL, never a request's Host.
 */
export function composeMail(input: {
  kind: NoticeKind
  message: string
  /** What the person wrote (outcome notes, a rejection statement), quoted as written. */
  detail?: string | undefined
  recipient: MailRecipient
  change: MailChange | null
  baseUrl: string
}): ComposedMail {
  const { kind, message, recipient, change } = input
  const info = NOTICE_KIND_INFO[kind]
  const base = input.baseUrl.replace(/\/+$/, '')
  const link = change ? `${base}/changes/${change.id}` : `${base}/notifications`
  const window = change?.windowStart && change.windowEnd ? formatInterval({ start: change.windowStart, end: change.windowEnd }, recipient.timeZone) : null
  const subject = oneLine(`${SUBJECT_PREFIX} ${change ? `${formatChangeNumber(change.number)} ` : ''}${info.label}${change ? `: ${change.title}` : ''}`)
  const why = `You receive this as ${info.audience}.${info.mandatory ? '' : ` Choose which e-mails you get: ${base}/profile`}`

  const text = [
    `Hello ${recipient.name},`,
    '',
    message,
    '',
    ...(input.detail ? [input.detail, ''] : []),
    ...(change ? [`${formatChangeNumber(change.number)}: ${change.title}`, `Window: ${window ?? 'not set yet'}`, ''] : []),
    `Open it in Changeboard: ${link}`,
    '',
    '-- ',
    why,
  ].join('\n')

  const html = [
    `<p>Hello ${escapeHtml(recipient.name)},</p>`,
    `<p>${escapeHtml(message)}</p>`,
    ...(input.detail ? [`<blockquote style="white-space:pre-wrap">${escapeHtml(input.detail)}</blockquote>`] : []),
    ...(change
      ? [`<p><strong>${escapeHtml(formatChangeNumber(change.number))}: ${escapeHtml(change.title)}</strong><br>Window: ${escapeHtml(window ?? 'not set yet')}</p>`]
      : []),
    `<p><a href="${escapeHtml(link)}">Open it in Changeboard</a></p>`,
    `<p style="color:#475569;font-size:12px">${escapeHtml(why)}</p>`,
  ].join('\n')

  return { subject, text, html }
}

/** Header injection is impossible when a subject cannot hold a line break. */
function oneLine(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ').slice(0, 250)
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c)
}
