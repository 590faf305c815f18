import { existsSync } from 'node:fs'
import path from 'node:path'

export type BrowserLookup = {
  env: Record<string, string | undefined>
  /** Whether a file exists (injected by tests). */
  exists: (file: string) => boolean
  /** Where Playwright keeps its own Chromium, whether or not it is downloaded. */
  playwrightChromium: () => string | null
}

const SYSTEM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']

/**
 * The Chromium the e2e tests drive, in this order: CHROMIUM_PATH; a system
 * Chromium or Chrome on the PATH (Debian's package on CI and offline
 * machines); Playwright's own downloaded browser. Null when there is none.
 */
export function findChromium(lookup: BrowserLookup): string | null {
  const given = lookup.env.CHROMIUM_PATH
  if (given) return lookup.exists(given) ? given : null
  for (const dir of (lookup.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of SYSTEM_NAMES) {
      const candidate = path.join(dir, name)
      if (lookup.exists(candidate)) return candidate
    }
  }
  const bundled = lookup.playwrightChromium()
  return bundled && lookup.exists(bundled) ? bundled : null
}

export function defaultLookup(playwrightChromium: () => string | null): BrowserLookup {
  return { env: process.env, exists: existsSync, playwrightChromium }
}
