import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { composeMail, escapeHtml } from './compose-mail'
import { NOTICE_KINDS, NOTICE_KIND_INFO, wantsEmail } from './kinds'

const change = {
  id: '00000000-0000-4000-8000-000000000123',
  number: 123,
  title: 'Rename the queue server',
  // 00:30 → 03:00 UTC on the night the UK clocks go forward.
  windowStart: new Date('2026-03-29T00:30:00Z'),
  windowEnd: new Date('2026-03-29T03:00:00Z'),
}

describe('composeMail', () => {
  const mail = composeMail({
    kind: 'scheduled',
    message: 'Casey scheduled CHG-000123.',
    recipient: { name: 'Avery', timeZone: 'Europe/London' },
    change,
    baseUrl: 'https://cab.example.com/',
  })

  it('names the change and the event in the subject', () => {
    expect(mail.subject).toBe('[Changeboard] CHG-000123 Scheduled: Rename the queue server')
  })

  it('has a plain-text part with the message, a deep link and the window in the recipient zone across the clock change', () => {
    expect(mail.text).toContain('Casey scheduled CHG-000123.')
    expect(mail.text).toContain('Open it in Changeboard: https://cab.example.com/changes/00000000-0000-4000-8000-000000000123')
    expect(mail.text).toContain('Window: 2026-03-29 00:30 (Europe/London, GMT) – 2026-03-29 04:00 (Europe/London, GMT+1)')
  })

  it('shows the same window in another recipient zone', () => {
    const other = composeMail({ kind: 'scheduled', message: 'x', recipient: { name: 'Blake', timeZone: 'America/New_York' }, change, baseUrl: 'https://cab.example.com' })
    expect(other.text).toContain('Window: 2026-03-28 20:30 – 2026-03-28 23:00 (America/New_York, GMT-4)')
  })

  it('escapes whatever people typed in the HTML part', () => {
    const hostile = composeMail({
      kind: 'comment',
      message: '<img src=x onerror=alert(1)>',
      recipient: { name: '<b>Eve</b>', timeZone: 'UTC' },
      change: { ...change, title: '"><script>alert(1)</script>' },
      baseUrl: 'https://cab.example.com',
    })
    expect(hostile.html).not.toMatch(/<script|<img|<b>/)
    expect(hostile.html).toContain('&lt;img src=x onerror=alert(1)&gt;')
  })

  it('never lets a title break the subject line (header injection)', () => {
    fc.assert(
      fc.property(fc.string(), (title) => {
        const m = composeMail({ kind: 'decision', message: 'm', recipient: { name: 'A', timeZone: 'UTC' }, change: { ...change, title }, baseUrl: 'https://x' })
        expect(m.subject).not.toMatch(/[\r\n]/)
        expect(m.subject.length).toBeLessThanOrEqual(250)
      }),
    )
  })

  it('offers the preferences link only for e-mails people may turn off', () => {
    const mandatory = composeMail({ kind: 'sign-off-requested', message: 'm', recipient: { name: 'A', timeZone: 'UTC' }, change, baseUrl: 'https://x' })
    expect(mandatory.text).not.toContain('/profile')
    expect(mail.text).toContain('https://cab.example.com/profile')
  })

  it('links to the notifications page when there is no change', () => {
    const m = composeMail({ kind: 'freeze', message: 'A freeze was declared.', recipient: { name: 'A', timeZone: 'UTC' }, change: null, baseUrl: 'https://x' })
    expect(m.subject).toBe('[Changeboard] Freeze declared, changed or starting')
    expect(m.text).toContain('https://x/notifications')
  })
})

describe('notice kinds', () => {
  it('always mails the mandatory kinds, whatever was turned off', () => {
    for (const kind of NOTICE_KINDS) expect(wantsEmail(kind, true)).toBe(NOTICE_KIND_INFO[kind].mandatory)
    for (const kind of NOTICE_KINDS) expect(wantsEmail(kind, false)).toBe(true)
  })

  it('marks sign-off requests, voided sign-offs, unscheduling, emergencies, overdue emergency reviews, the standard-template notices and delegations mandatory', () => {
    expect(NOTICE_KINDS.filter((k) => NOTICE_KIND_INFO[k].mandatory)).toEqual([
      'sign-off-requested',
      'sign-offs-voided',
      'unscheduled',
      'emergency-created',
      'template-sign-off-requested',
      'template-suspended',
      'emergency-review-overdue',
      'delegation',
    ])
  })
})

describe('escapeHtml', () => {
  it('leaves no markup characters', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(escapeHtml(s)).not.toMatch(/[<>"']/)
      }),
    )
  })
})
