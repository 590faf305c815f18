// The fingerprint identifies one revision's material content. A sign-off is
// bound to it, so two contents that mean the same must hash the same, and any
// real change must hash differently. See README.md "Fingerprint normalisation".
import { createHash } from 'node:crypto'
import {
  MATERIAL_FIELDS,
  MATERIAL_FIELD_LABELS,
  MATERIAL_TEXT_FIELDS,
  displayMaterialValue,
  toIsoOrNull,
  toMaterialContent,
  type MaterialContent,
  type MaterialField,
} from './material'

/**
 * Normalises free text so that editor/OS noise does not create a revision:
 * NFC unicode, CRLF/CR → LF, trailing spaces/tabs of each line removed,
 * leading and trailing blank lines removed. Inner whitespace (indentation,
 * blank lines between paragraphs) is kept: markdown indentation is content.
 */
export function normalizeText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+$/u, ''))
    .join('\n')
    .replace(/^\n+/, '')
    .replace(/\n+$/, '')
}

/** Sorted by UTF-16 code unit (not locale), deduplicated, blanks dropped. */
export function normalizeServiceIds(ids: readonly string[]): string[] {
  const unique = new Set(ids.map((id) => id.trim()).filter((id) => id.length > 0))
  return [...unique].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
}

/** Picks only material fields (a Prisma row passed by mistake must not leak title/id into the hash). */
export function normalizeMaterial(content: MaterialContent): MaterialContent {
  const out: MaterialContent = toMaterialContent(content)
  for (const field of MATERIAL_TEXT_FIELDS) out[field] = normalizeText(content[field])
  out.windowStart = toIsoOrNull(content.windowStart)
  out.windowEnd = toIsoOrNull(content.windowEnd)
  out.serviceIds = normalizeServiceIds(content.serviceIds)
  // Left out when empty, so content from before the questionnaire hashes as it always did.
  out.riskAnswers = content.riskAnswers && Object.keys(content.riskAnswers).length > 0 ? { ...content.riskAnswers } : undefined
  out.riskRaise = content.riskRaise ? { level: content.riskRaise.level, reason: normalizeText(content.riskRaise.reason) } : undefined
  return out
}

/**
 * JSON with object keys sorted recursively and no whitespace. Like
 * JSON.stringify, undefined properties are omitted and Dates become ISO strings.
 */
export function canonicalJson(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString())
  if (Array.isArray(value)) {
    return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && typeof v !== 'function')
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  if (typeof value === 'bigint') return JSON.stringify(value.toString())
  const json = JSON.stringify(value)
  return json === undefined ? 'null' : json
}

/** SHA-256 (hex, 64 chars) of the canonical JSON of the normalised material content. */
export function fingerprintOf(content: MaterialContent): string {
  return createHash('sha256').update(canonicalJson(normalizeMaterial(content)), 'utf8').digest('hex')
}

export type MaterialDiffEntry = {
  field: MaterialField
  label: string
  before: string
  after: string
}

/**
 * Field-by-field differences between two revisions, in form order, comparing
 * normalised values (so a CRLF-only edit shows no difference, matching the fingerprint).
 */
export function diffMaterial(
  a: MaterialContent,
  b: MaterialContent,
  options: { serviceName?: (id: string) => string } = {},
): MaterialDiffEntry[] {
  const before = normalizeMaterial(a)
  const after = normalizeMaterial(b)
  const diffs: MaterialDiffEntry[] = []
  for (const field of MATERIAL_FIELDS) {
    if (canonicalJson(before[field]) === canonicalJson(after[field])) continue
    diffs.push({
      field,
      label: MATERIAL_FIELD_LABELS[field],
      before: displayMaterialValue(field, before, options.serviceName),
      after: displayMaterialValue(field, after, options.serviceName),
    })
  }
  return diffs
}

/** Names of the material fields that differ; used for audit details of a revision. */
export function changedMaterialFields(a: MaterialContent, b: MaterialContent): MaterialField[] {
  return diffMaterial(a, b).map((d) => d.field)
}
