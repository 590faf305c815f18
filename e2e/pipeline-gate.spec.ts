// The CI snippet, tested: docs/ci/changeboard-gate.sh runs against the real
// app (production build, real PostgreSQL) with a signed-in session's cookie
// (API tokens arrive with their own issue branch; the script sends either).
// Data is arranged with the factories; the pipeline's side (the script and
// its deployment reports) is what is under test.
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { loginAs } from './fixtures'
import { arrangeChange, arrangeFreezeRow, arrangeService, changeStatus, demoUserId } from './support/freezes'

const SCRIPT = path.resolve('docs/ci/changeboard-gate.sh')
const MIN = 60_000
const HOUR = 60 * MIN

async function sessionCookie(page: Page): Promise<string> {
  const cookies = await page.context().cookies()
  expect(cookies.length).toBeGreaterThan(0)
  return cookies.map((c) => `${c.name}=${c.value}`).join('; ')
}

function gate(baseURL: string, cookie: string, args: string[], env: Record<string, string> = {}) {
  const run = spawnSync('sh', [SCRIPT, ...args], {
    env: { ...process.env, CHANGEBOARD_URL: baseURL, CHANGEBOARD_COOKIE: cookie, CHANGEBOARD_WAIT_SECONDS: '0', CHANGEBOARD_TOKEN: '', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  })
  return { code: run.status, output: `${run.stdout}${run.stderr}` }
}

test.beforeAll(() => {
  const jq = spawnSync('sh', ['-c', 'command -v jq && command -v curl'], { encoding: 'utf8' })
  expect(jq.status, 'the gate script needs jq and curl (.ci/run installs them)').toBe(0)
})

test('changeboard-gate.sh: DENY in a HARD freeze, PENDING before the window, ALLOW inside it, DENY once the change is completed', async ({ page, baseURL }) => {
  const base = baseURL ?? ''
  const service = await arrangeService()
  const requesterId = await demoUserId('requester')
  const adminId = await demoUserId('admin')
  const now = Date.now()
  // A scheduled change two hours ahead, and a HARD freeze on its service after its window.
  const later = await arrangeChange({ requesterId, serviceId: service.id, windowStart: new Date(now + 2 * HOUR), windowEnd: new Date(now + 4 * HOUR), status: 'SCHEDULED' })
  const freezeName = `Gate freeze ${now.toString(36)}`
  await arrangeFreezeRow({ createdById: adminId, serviceId: service.id, name: freezeName, startsAt: new Date(now + 5 * HOUR), endsAt: new Date(now + 6 * HOUR), severity: 'HARD' })

  await loginAs(page, 'manager')
  const cookie = await sessionCookie(page)

  // DENY inside the HARD freeze, naming it (exit 2).
  const frozen = gate(base, cookie, ['-s', service.name, '-a', new Date(now + 5 * HOUR + 10 * MIN).toISOString(), '-d', 'PT20M'])
  expect(frozen.output).toContain('HARD_FREEZE')
  expect(frozen.output).toContain(freezeName)
  expect(frozen.code).toBe(2)

  // PENDING before the window opens: waits at most 1 s, then exit 75.
  const pending = gate(base, cookie, ['-s', service.name, '-c', later.number, '-d', 'PT30M'], { CHANGEBOARD_WAIT_SECONDS: '1' })
  expect(pending.output).toContain('PENDING')
  expect(pending.output).toContain('OUTSIDE_WINDOW')
  expect(pending.code).toBe(75)

  // ALLOW inside the scheduled window (exit 0).
  const inside = gate(base, cookie, ['-s', service.id, '-a', new Date(now + 2 * HOUR + 10 * MIN).toISOString(), '-d', '30', '-c', later.number])
  expect(inside.output).toContain(`ALLOW — ${later.number}`)
  expect(inside.code).toBe(0)

  // A change whose window is open now: the pipeline asks (ALLOW), reports started and succeeded, asks again (DENY).
  const current = await arrangeChange({ requesterId, serviceId: service.id, windowStart: new Date(now - 10 * MIN), windowEnd: new Date(now + HOUR), status: 'SCHEDULED' })
  const open = gate(base, cookie, ['-s', service.name, '-c', current.number, '-d', 'PT15M'])
  expect(open.code, open.output).toBe(0)
  const report = (status: string) =>
    page.request.post(`/api/v1/changes/${current.id}/deployments`, {
      headers: { Origin: new URL(base).origin },
      data: { status, ref: 'v2.4.0', url: 'https://ci.example.org/pipelines/42' },
    })
  expect((await report('started')).status()).toBe(200)
  expect(await changeStatus(current.id)).toBe('IN_PROGRESS')
  expect(gate(base, cookie, ['-s', service.name, '-c', current.number, '-d', 'PT15M']).code).toBe(0)
  const done = await report('succeeded')
  expect(done.status()).toBe(200)
  expect(await done.json()).toMatchObject({ change: { status: 'COMPLETED' } })
  const after = gate(base, cookie, ['-s', service.name, '-c', current.number, '-d', 'PT15M'])
  expect(after.output).toContain('CHANGE_NOT_ACTIVE')
  expect(after.code).toBe(2)
  // Without naming a change, the next one on the service (opening within a day) makes the answer PENDING.
  const unnamed = gate(base, cookie, ['-s', service.name])
  expect(unnamed.output).toContain(`PENDING — ${later.number}`)
  expect(unnamed.code).toBe(75)

  // A second success report disagrees with where the change stands: 409, and kept in the audit trail.
  expect((await report('succeeded')).status()).toBe(409)

  // The change page's audit trail shows the pipeline's report like a button press, and the refused one.
  await page.goto(`/changes/${current.id}`)
  await expect(page.getByText('reported by a pipeline: ref v2.4.0').first()).toBeVisible()
  await expect(page.getByText(/reported a deployment \(succeeded, ref v2\.4\.0, https:\/\/ci\.example\.org\/pipelines\/42\) that this change did not authorise/)).toBeVisible()
})

test('changeboard-gate.sh fails closed without credentials and on a bad question', async ({ baseURL }) => {
  const base = baseURL ?? ''
  const anonymous = gate(base, '', ['-s', 'Payments API'])
  expect(anonymous.code).toBe(2)
  expect(anonymous.output).toContain('HTTP 401')
  expect(gate(base, '', []).code).toBe(64)
})
