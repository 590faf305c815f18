import 'server-only'
import { z } from 'zod'

/** The list's two sections, in display order (list-changes.ts). */
export type ListSection = 'work' | 'history'

/** Where the previous page ended: its section and that row's sort key. */
export type ListCursor = { section: ListSection; windowStart: Date | null; number: number }

const ZCursor = z.object({ s: z.enum(['work', 'history']), w: z.iso.datetime().nullable(), n: z.number().int().min(0) })

/** Opaque in the URL (base64url JSON), so nobody is tempted to edit it. */
export function encodeListCursor(cursor: ListCursor): string {
  return Buffer.from(JSON.stringify({ s: cursor.section, w: cursor.windowStart?.toISOString() ?? null, n: cursor.number })).toString('base64url')
}

/** A cursor that does not parse (hand-edited, truncated) means the first page. */
export function decodeListCursor(text: string): ListCursor | null {
  try {
    const parsed = ZCursor.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')))
    if (!parsed.success) return null
    const { s, w, n } = parsed.data
    // A work-section key always has a window (rows without one are history).
    if (s === 'work' && w === null) return null
    return { section: s, windowStart: w === null ? null : new Date(w), number: n }
  } catch {
    return null
  }
}
