import { describe, expect, it } from 'vitest'
import { sharedResult } from './shared-result'

const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('sharedResult', () => {
  it('runs one computation for concurrent callers with the same key', async () => {
    const read = sharedResult<number>({ freshMs: 1000, staleMs: 1000, maxEntries: 10 })
    let runs = 0
    const compute = async () => ++runs
    const [a, b] = await Promise.all([read('k', compute, 0), read('k', compute, 10)])
    expect([a, b, runs]).toEqual([1, 1, 1])
    expect(await read('k', compute, 999)).toBe(1)
    expect(await read('other', compute, 999)).toBe(2)
  })

  it('shares a computation that outlasts freshMs instead of starting a second one', async () => {
    const read = sharedResult<string>({ freshMs: 10, staleMs: 10, maxEntries: 10 })
    let release: (value: string) => void = () => {}
    let runs = 0
    const slow = () => {
      runs++
      return new Promise<string>((resolve) => (release = resolve))
    }
    const first = read('k', slow, 0)
    const second = read('k', slow, 500)
    release('done')
    expect([await first, await second, runs]).toEqual(['done', 'done', 1])
  })

  it('serves a stale value at once while one background refresh replaces it', async () => {
    const read = sharedResult<number>({ freshMs: 100, staleMs: 1000, maxEntries: 10 })
    let runs = 0
    const compute = async () => ++runs
    expect(await read('k', compute, 0)).toBe(1)
    const [a, b] = await Promise.all([read('k', compute, 150), read('k', compute, 160)])
    expect([a, b]).toEqual([1, 1])
    await settle()
    expect(runs).toBe(2)
    expect(await read('k', compute, 170)).toBe(2)
  })

  it('computes afresh (and waits) once a value is older than staleMs', async () => {
    const read = sharedResult<number>({ freshMs: 100, staleMs: 1000, maxEntries: 10 })
    let runs = 0
    const compute = async () => ++runs
    await read('k', compute, 0)
    expect(await read('k', compute, 1000)).toBe(2)
  })

  it('keeps no failure: the next caller computes afresh, and a failed refresh keeps the older value', async () => {
    const read = sharedResult<string>({ freshMs: 100, staleMs: 10_000, maxEntries: 10 })
    await expect(read('k', () => Promise.reject(new Error('database down')), 0)).rejects.toThrow('database down')
    expect(await read('k', async () => 'fresh', 1)).toBe('fresh')
    const quiet = console.error
    console.error = () => {}
    try {
      expect(await read('k', () => Promise.reject(new Error('database down')), 200)).toBe('fresh')
      await settle()
    } finally {
      console.error = quiet
    }
    expect(await read('k', async () => 'newer', 300)).toBe('fresh')
    await settle()
    expect(await read('k', async () => 'newest', 301)).toBe('newer')
  })

  it('holds at most maxEntries keys, dropping the oldest first', async () => {
    const read = sharedResult<string>({ freshMs: 60_000, staleMs: 60_000, maxEntries: 2 })
    await read('a', async () => 'a1', 0)
    await read('b', async () => 'b1', 0)
    await read('c', async () => 'c1', 0)
    expect(await read('b', async () => 'b2', 1)).toBe('b1')
    expect(await read('a', async () => 'a2', 1)).toBe('a2')
  })
})
