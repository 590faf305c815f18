import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { canonicalJson, diffMaterial, fingerprintOf, normalizeMaterial, normalizeServiceIds, normalizeText } from './fingerprint'
import { MATERIAL_FIELDS, MATERIAL_TEXT_FIELDS, toMaterialContent, type MaterialContent } from './material'
import { material } from '@/tests/fixtures/change-request'

const shuffleKeys = (o: MaterialContent, order: number[]): MaterialContent => {
  const keys = Object.keys(o) as (keyof MaterialContent)[]
  const sorted = keys.map((k, i) => [k, order[i % order.length] ?? 0] as const).sort((a, b) => a[1] - b[1])
  return Object.fromEntries(sorted.map(([k]) => [k, o[k]])) as MaterialContent
}

const arbText = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '\n', '\t', '#', '-', 'é', 'x') })

describe('canonicalJson', () => {
  it('sorts keys recursively and has no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: 'x y' } })).toBe('{"a":{"c":"x y","d":[2,{"y":2,"z":1}]},"b":1}')
  })
  it('omits undefined, keeps null, renders dates as ISO', () => {
    expect(canonicalJson({ a: undefined, b: null, c: new Date('2026-01-01T00:00:00Z') })).toBe(
      '{"b":null,"c":"2026-01-01T00:00:00.000Z"}',
    )
    expect(canonicalJson([undefined, 1])).toBe('[null,1]')
    expect(canonicalJson(undefined)).toBe('null')
  })
  it('is JSON-parseable and round-trips plain JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)))
      }),
    )
  })
})

describe('normalisation', () => {
  it('normalizes line endings, trailing whitespace and outer blank lines, keeps indentation', () => {
    expect(normalizeText('\r\n  - item  \r\n\r\n    nested\t\r\n\r\n')).toBe('  - item\n\n    nested')
    expect(normalizeText('a\rb')).toBe('a\nb')
  })
  it('uses Unicode NFC', () => {
    expect(normalizeText('cafe\u0301')).toBe(normalizeText('caf\u00e9'))
  })
  it('sorts and dedupes service ids by code unit', () => {
    expect(normalizeServiceIds(['b', 'a', 'B', 'a', ' ', ' c '])).toEqual(['B', 'a', 'b', 'c'])
  })
  it('is idempotent', () => {
    fc.assert(
      fc.property(arbText, (t) => {
        expect(normalizeText(normalizeText(t))).toBe(normalizeText(t))
      }),
    )
  })
})

describe('fingerprintOf', () => {
  it('is a 64-char hex SHA-256', () => {
    expect(fingerprintOf(material())).toMatch(/^[0-9a-f]{64}$/)
  })

  it('ignores the title and other non-material properties', () => {
    const withExtras = { ...material(), title: 'x', id: 'y' } as MaterialContent
    expect(fingerprintOf(withExtras)).toBe(fingerprintOf(material()))
    expect(fingerprintOf(toMaterialContent({ ...material(), title: 'anything' } as never))).toBe(fingerprintOf(material()))
  })

  it('treats Date and ISO string windows alike', () => {
    const m = material()
    const fromDates = toMaterialContent({ ...m, windowStart: new Date(m.windowStart ?? ''), windowEnd: new Date(m.windowEnd ?? '') })
    expect(fingerprintOf(fromDates)).toBe(fingerprintOf(m))
    expect(fingerprintOf(material({ windowStart: '2026-06-10T23:00:00+01:00' }))).toBe(fingerprintOf(m))
  })

  it('is stable under key order, service order/duplicates and CRLF/trailing whitespace', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer(), { minLength: 1, maxLength: 14 }),
        fc.uniqueArray(fc.string({ minLength: 1 }).filter((s) => s.trim() === s), { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        (order, ids, crlf) => {
          const base = material({ serviceIds: ids })
          const shuffled = [...ids].reverse().concat(ids.slice(0, 1))
          const noisy: MaterialContent = { ...base, serviceIds: shuffled }
          for (const f of MATERIAL_TEXT_FIELDS) {
            const padded = base[f].replace(/$/gm, ' \t') + '\n\n'
            noisy[f] = crlf ? padded.replace(/\n/g, '\r\n') : padded
          }
          expect(fingerprintOf(shuffleKeys(noisy, order))).toBe(fingerprintOf(base))
        },
      ),
    )
  })

  it('changes when any material field changes', () => {
    const base = material()
    const fp = fingerprintOf(base)
    const variants: Record<keyof MaterialContent, MaterialContent> = {
      purpose: material({ purpose: base.purpose + ' Also X.' }),
      currentState: material({ currentState: 'Different' }),
      futureState: material({ futureState: 'Different' }),
      implementationPlan: material({ implementationPlan: base.implementationPlan.replace('   - run', '  - run') }),
      rollbackPlan: material({ rollbackPlan: 'Different' }),
      monitoringPlan: material({ monitoringPlan: 'Different' }),
      testEvidence: material({ testEvidence: '' }),
      communicationPlan: material({ communicationPlan: 'Different' }),
      impactDescription: material({ impactDescription: 'Different' }),
      type: material({ type: 'EMERGENCY' }),
      riskLevel: material({ riskLevel: 'HIGH' }),
      riskAnswers: material({ riskAnswers: { q1: true } }),
      riskRaise: material({ riskRaise: { level: 'HIGH', reason: 'First time on this cluster.' } }),
      windowStart: material({ windowStart: '2026-06-10T22:00:00.001Z' }),
      windowEnd: material({ windowEnd: null }),
      serviceIds: material({ serviceIds: ['svc-db'] }),
    }
    for (const field of MATERIAL_FIELDS) {
      expect(fingerprintOf(variants[field]), field).not.toBe(fp)
      expect(diffMaterial(base, variants[field]).map((d) => d.field), field).toEqual([field])
    }
  })

  it('changes for any edit to a text field that survives normalisation (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...MATERIAL_TEXT_FIELDS), arbText, arbText, (field, a, b) => {
        const x = material({ [field]: a })
        const y = material({ [field]: b })
        const same = normalizeText(a) === normalizeText(b)
        expect(fingerprintOf(x) === fingerprintOf(y)).toBe(same)
        expect(diffMaterial(x, y).length === 0).toBe(same)
      }),
    )
  })

  it('hashes content without questionnaire answers or a raise as before they existed', () => {
    const before = material()
    expect(fingerprintOf(material({ riskAnswers: {}, riskRaise: null }))).toBe(fingerprintOf(before))
    expect(fingerprintOf(material({ riskAnswers: { q1: false } }))).not.toBe(fingerprintOf(material({ riskAnswers: { q1: true } })))
  })

  it('does not mutate its input', () => {
    const m = material({ serviceIds: ['b', 'a'] })
    normalizeMaterial(m)
    fingerprintOf(m)
    expect(m.serviceIds).toEqual(['b', 'a'])
  })
})

describe('diffMaterial', () => {
  it('labels fields and renders values for people', () => {
    const a = material()
    const b = material({ type: 'EMERGENCY', windowEnd: null, serviceIds: ['svc-db', 'svc-new'] })
    expect(diffMaterial(a, b, { serviceName: (id) => id.toUpperCase() })).toEqual([
      { field: 'type', label: 'Change type', before: 'Normal', after: 'Emergency' },
      { field: 'windowEnd', label: 'Window end', before: '2026-06-11T00:00:00.000Z', after: '(not set)' },
      { field: 'serviceIds', label: 'Affected services', before: 'SVC-DB, SVC-PAYMENTS', after: 'SVC-DB, SVC-NEW' },
    ])
  })
  it('is empty for CRLF-only differences', () => {
    expect(diffMaterial(material(), material({ purpose: material().purpose + '\r\n' }))).toEqual([])
  })
})
