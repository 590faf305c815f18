import 'server-only'
import { z } from 'zod'

/**
 * Where the previous page of a keyset-paginated list ended: the section it was
 * in (lists may show several, each in its own index order) and that row's
 * sort key (window start, change number).
 */
export type KeysetCursor<S extends string> = { section: S; windowStart: Date | null; number: number }

const ZCursor = z.object({ s: z.string(), w: z.iso.datetime().nullable(), n: z.number().int().min(0) })

/** Opaque in the URL (base64url JSON), so nobody is tempted to edit it. */
export function encodeCursor<S extends string>(cursor: KeysetCursor<S>): string {
  return Buffer.from(JSON.stringify({ s: cursor.section, w: cursor.windowStart?.toISOString() ?? null, n: cursor.number })).toString('base64url')
}

/** A cursor that does not parse (hand-edited, truncated, another list's) means the first page. */
export function decodeCursor<S extends string>(text: string, sections: readonly S[]): KeysetCursor<S> | null {
  try {
    const parsed = ZCursor.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')))
    if (!parsed.success) return null
    const section = sections.find((s) => s === parsed.data.s)
    if (section === undefined) return null
    return { section, windowStart: parsed.data.w === null ? null : new Date(parsed.data.w), number: parsed.data.n }
  } catch {
    return null
  }
}
