/**
 * Before the e2e stage of `npm test`: make sure a Chromium exists
 * (scripts/find-chromium.ts). When none does, ask Playwright to download its
 * own (works on a machine with internet); when that fails too, stop with one
 * line saying what to install, instead of dozens of failing tests.
 */
import { spawnSync } from 'node:child_process'
import { chromium } from '@playwright/test'
import { defaultLookup, findChromium } from './find-chromium'

const lookup = defaultLookup(() => chromium.executablePath())
const found = findChromium(lookup)
if (found) {
  console.log(`e2e: using Chromium at ${found}`)
  process.exit(0)
}
if (process.env.CHROMIUM_PATH) {
  console.error(`changeboard: CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist; point it at a Chromium or Chrome binary, or unset it`)
  process.exit(1)
}
console.log('e2e: no Chromium found; downloading Playwright’s (npx playwright install chromium)…')
const install = spawnSync('npx', ['playwright', 'install', 'chromium'], { stdio: 'inherit' })
if (install.status !== 0 || !findChromium(lookup)) {
  console.error('changeboard: no Chromium found and it could not be downloaded; install one (Debian/Ubuntu: apt-get install chromium) or set CHROMIUM_PATH')
  process.exit(1)
}
