import { describe, expect, it } from 'vitest'
import { findChromium } from './find-chromium'

const lookup = (files: string[], env: Record<string, string | undefined>, bundled: string | null = '/cache/ms-playwright/chromium/chrome') => ({
  env,
  exists: (file: string) => files.includes(file),
  playwrightChromium: () => bundled,
})

describe('findChromium', () => {
  it('takes CHROMIUM_PATH first, and only if it exists', () => {
    expect(findChromium(lookup(['/opt/chrome', '/usr/bin/chromium'], { CHROMIUM_PATH: '/opt/chrome', PATH: '/usr/bin' }))).toBe('/opt/chrome')
    expect(findChromium(lookup(['/usr/bin/chromium'], { CHROMIUM_PATH: '/opt/missing', PATH: '/usr/bin' }))).toBeNull()
  })

  it('then a system Chromium or Chrome on the PATH', () => {
    expect(findChromium(lookup(['/usr/bin/chromium', '/cache/ms-playwright/chromium/chrome'], { PATH: '/usr/local/bin:/usr/bin' }))).toBe('/usr/bin/chromium')
    expect(findChromium(lookup(['/usr/local/bin/google-chrome'], { PATH: '/usr/local/bin:/usr/bin' }))).toBe('/usr/local/bin/google-chrome')
  })

  it("then Playwright's downloaded browser, else none", () => {
    expect(findChromium(lookup(['/cache/ms-playwright/chromium/chrome'], { PATH: '/usr/bin' }))).toBe('/cache/ms-playwright/chromium/chrome')
    expect(findChromium(lookup([], { PATH: '/usr/bin' }))).toBeNull()
    expect(findChromium(lookup([], { PATH: '/usr/bin' }, null))).toBeNull()
  })
})
