import { describe, expect, it } from 'vitest'
import { diffField } from './bounded-diff'

// Deterministic pseudo-random words, so two texts share almost nothing.
function words(seed: number, count: number): string[] {
  let x = seed
  return Array.from({ length: count }, () => {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31
    return x.toString(36)
  })
}

const side = (parts: { value: string; added?: boolean; removed?: boolean }[], which: 'before' | 'after') =>
  parts.filter((p) => (which === 'before' ? !p.added : !p.removed)).map((p) => p.value).join('')

describe('diffField', () => {
  it('marks the words that changed in a small edit', () => {
    const diff = diffField('Restart the payment gateway at two', 'Restart the payment gateway at three')
    expect(diff.detailed).toBe(true)
    expect(diff.parts.filter((p) => p.removed).map((p) => p.value)).toEqual(['two'])
    expect(diff.parts.filter((p) => p.added).map((p) => p.value)).toEqual(['three'])
  })

  it('marks changed lines of a long plan with a few edits', () => {
    const lines = words(1, 600).map((w, i) => `${i + 1}. ${w}\n`)
    const edited = lines.map((l, i) => (i % 100 === 0 ? `${l.trim()} (checked)\n` : l))
    const diff = diffField(lines.join(''), edited.join(''))
    expect(diff.detailed).toBe(true)
    expect(diff.parts.filter((p) => p.added)).toHaveLength(6)
  })

  it.each([
    ['single-line', words(2, 4_000).join(' '), words(3, 4_000).join(' ')],
    ['multi-line', words(4, 4_000).join('\n'), words(5, 4_000).join('\n')],
  ])('stops at the bound for two large, unrelated %s texts and shows both sides whole', (_kind, before, after) => {
    const diff = diffField(before, after)
    expect(diff.detailed).toBe(false)
    expect(side(diff.parts, 'before')).toBe(before)
    expect(side(diff.parts, 'after')).toBe(after)
  })
})
