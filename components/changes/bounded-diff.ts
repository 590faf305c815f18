import { diffLines, diffWords, type ChangeObject } from 'diff'

export type FieldDiff = { detailed: boolean; parts: ChangeObject<string>[] }

/**
 * Edit-script bounds: Myers' diff costs O(N·D) in the number of edits D, so a
 * bound on D keeps the change page cheap whatever two 20,000-character
 * revisions a requester saves. Beyond the bound the field is shown whole,
 * before and after, marked as too large to compare in detail.
 */
export const WORD_EDITS = 1_000
export const LINE_EDITS = 500

/** Words for one-line text, lines for multi-line text, or both sides whole when the difference is too large. */
export function diffField(before: string, after: string): FieldDiff {
  const multiLine = before.includes('\n') || after.includes('\n')
  const parts = multiLine ? diffLines(before, after, { maxEditLength: LINE_EDITS }) : diffWords(before, after, { maxEditLength: WORD_EDITS })
  if (parts) return { detailed: true, parts }
  return {
    detailed: false,
    parts: [
      { value: before, removed: true, added: false, count: 1 },
      { value: after, added: true, removed: false, count: 1 },
    ],
  }
}
