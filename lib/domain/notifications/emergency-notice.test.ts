import { describe, expect, it } from 'vitest'
import { composeMail } from './compose-mail'
import { EMERGENCY_PURPOSE_IN_LINE, emergencyCreatedNotice } from './emergency-notice'

describe('the emergency-created notice', () => {
  const notice = emergencyCreatedNotice({ submitterName: 'Rita Requester', number: 42, title: 'Restart the queue', purpose: '  Consumers stopped;\n the backlog grows.  ' })

  it('says who, which change and why it cannot wait, in one line', () => {
    expect(notice.message).toBe('Rita Requester submitted the emergency change CHG-000042 “Restart the queue”. Why it cannot wait: Consumers stopped; the backlog grows.')
    expect(notice.detail).toContain('Consumers stopped;\n the backlog grows.')
  })

  it('shortens a long purpose in the line and keeps it whole for the e-mail', () => {
    const purpose = 'word '.repeat(100).trim()
    const long = emergencyCreatedNotice({ submitterName: 'R', number: 1, title: 'T', purpose })
    expect(long.message.endsWith('…')).toBe(true)
    expect(long.message.length).toBeLessThan(EMERGENCY_PURPOSE_IN_LINE + 80)
    expect(long.detail).toContain(purpose)
  })

  it('reaches each reader with the window in their own zone', () => {
    const change = { id: 'c1', number: 42, title: 'Restart the queue', windowStart: new Date('2026-03-29T00:30:00Z'), windowEnd: new Date('2026-03-29T01:30:00Z') }
    const mail = (timeZone: string) => composeMail({ kind: 'emergency-created', ...notice, recipient: { name: 'Olivia Owner', timeZone }, change, baseUrl: 'https://cab.example.org' })
    expect(mail('Europe/London').text).toContain('Why it cannot wait: Consumers stopped')
    expect(mail('Europe/London').text).toMatch(/Window: 2026-03-29 00:30 .*02:30/)
    expect(mail('Asia/Tokyo').text).toMatch(/Window: 2026-03-29 09:30 .*10:30/)
  })
})
