import { instantToWallTime, isValidTimeZone } from '../time/zoned'
import { escapeHtml, type ComposedMail } from './compose-mail'

/** Digests go out at this local hour, so they are in the inbox when the working day starts. */
export const DIGEST_HOUR = 7
const DAY = 86_400_000

/**
 * Whether a digest reader's held messages are due now: at DIGEST_HOUR in
 * their zone, or whenever the oldest has waited more than a day (an hourly
 * run that was missed must not hold notices forever).
 */
export function digestDue(now: Date, timeZone: string, oldestHeldAt: Date): boolean {
  const zone = isValidTimeZone(timeZone) ? timeZone : 'UTC'
  const localHour = new Date(instantToWallTime(now, zone)).getUTCHours()
  return localHour === DIGEST_HOUR || now.getTime() - oldestHeldAt.getTime() > DAY
}

/** The local date a digest belongs to: one digest per reader per local day, however often the job runs. */
export function digestDay(now: Date, timeZone: string): string {
  const zone = isValidTimeZone(timeZone) ? timeZone : 'UTC'
  return new Date(instantToWallTime(now, zone)).toISOString().slice(0, 10)
}

export function composeDigest(input: { name: string; day: string; items: readonly { subject: string; text: string }[]; baseUrl: string }): ComposedMail {
  const base = input.baseUrl.replace(/\/+$/, '')
  const count = `${input.items.length} notice${input.items.length === 1 ? '' : 's'}`
  const subject = `[Changeboard] Daily digest for ${input.day}: ${count}`
  const footer = `You chose one daily e-mail instead of one per notice. Change it: ${base}/profile`
  // Each item keeps its own body (message, window, link) minus the greeting and footer.
  const bodies = input.items.map((item) => ({ subject: item.subject, body: (item.text.split('\n-- \n')[0] ?? '').split('\n').slice(2).join('\n').trim() }))
  const text = [`Hello ${input.name},`, '', `${count} from Changeboard:`, '', ...bodies.flatMap((b) => [`== ${b.subject}`, b.body, '']), '-- ', footer].join('\n')
  const html = [
    `<p>Hello ${escapeHtml(input.name)},</p>`,
    `<p>${escapeHtml(count)} from Changeboard:</p>`,
    ...bodies.map((b) => `<h3>${escapeHtml(b.subject)}</h3>\n<p style="white-space:pre-wrap">${escapeHtml(b.body)}</p>`),
    `<p style="color:#475569;font-size:12px">${escapeHtml(footer)}</p>`,
  ].join('\n')
  return { subject, text, html }
}
