import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { CurrentFreezes } from './current-freezes'

const freeze = (n: number) => ({
  id: `f${n}`,
  name: `Freeze ${n}`,
  severity: 'SOFT' as const,
  occurrence: { start: new Date(Date.UTC(2026, 11, n)), end: new Date(Date.UTC(2026, 11, n, 6)) },
  activeNow: false,
})

describe('CurrentFreezes (dashboard)', () => {
  it('names the ten soonest and links the rest to the calendar', () => {
    const html = renderToStaticMarkup(createElement(CurrentFreezes, { freezes: Array.from({ length: 12 }, (_, i) => freeze(i + 1)), timeZone: 'UTC' }))
    expect(html.match(/<li/g)).toHaveLength(10)
    expect(html).toContain('Freeze 10<')
    expect(html).not.toContain('Freeze 11<')
    expect(html).toMatch(/<a[^>]*href="\/calendar"[^>]*>2 more in the next 30 days on the calendar<\/a>/)
  })

  it('adds no link when every freeze is shown', () => {
    const html = renderToStaticMarkup(createElement(CurrentFreezes, { freezes: [freeze(1)], timeZone: 'UTC' }))
    expect(html.match(/<li/g)).toHaveLength(1)
    expect(html).not.toContain('more in the next 30 days')
  })
})
