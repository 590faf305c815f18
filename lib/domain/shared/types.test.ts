import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import {
  API_TOKEN_SCOPES,
  APPROVER_SOURCES,
  CHANGE_STATUSES,
  CHANGE_TYPES,
  FREEZE_SEVERITIES,
  RISK_LEVELS,
  ROLES,
  SIGN_OFF_DECISIONS,
  STATUS_LABELS,
  USER_KINDS,
  hasRole,
} from './types'

// The domain unions must equal the Prisma enums, so values cross the boundary unmapped.
const schema = readFileSync(fileURLToPath(new URL('../../../prisma/schema.prisma', import.meta.url)), 'utf8')
function prismaEnum(name: string): string[] {
  const match = new RegExp(`enum ${name} \\{([^}]*)\\}`).exec(schema)
  if (!match?.[1]) throw new Error(`enum ${name} not found`)
  return match[1]
    .split('\n')
    .map((l) => l.replace(/\/\/.*/, '').trim())
    .filter(Boolean)
}

describe('shared types', () => {
  it.each([
    ['Role', ROLES],
    ['ChangeStatus', CHANGE_STATUSES],
    ['ChangeType', CHANGE_TYPES],
    ['RiskLevel', RISK_LEVELS],
    ['FreezeSeverity', FREEZE_SEVERITIES],
    ['SignOffDecision', SIGN_OFF_DECISIONS],
    ['ApproverSource', APPROVER_SOURCES],
    ['ApiTokenScope', API_TOKEN_SCOPES],
    ['UserKind', USER_KINDS],
  ] as const)('%s equals the Prisma enum', (name, values) => {
    expect([...values]).toEqual(prismaEnum(name))
  })

  it('labels every status', () => {
    for (const status of CHANGE_STATUSES) expect(STATUS_LABELS[status]).toMatch(/\w/)
  })

  it('hasRole', () => {
    expect(hasRole({ id: 'a', name: 'A', roles: ['ADMIN'] }, 'ADMIN')).toBe(true)
    expect(hasRole({ id: 'a', name: 'A', roles: [] }, 'ADMIN')).toBe(false)
  })
})
