// CSV for the metrics export (RFC 4180: CRLF line ends, fields quoted when
// they hold a comma, quote, CR or LF; quotes doubled). A cell a spreadsheet
// would read as a formula (starting with = + - @, or a tab or CR) gets a
// leading apostrophe first (OWASP "CSV injection"), since names and titles
// are typed by users. Numbers are written as numbers.

export type CsvCell = string | number | null | undefined

const FORMULA_START = /^[=+\-@\t\r]/

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : ''
  const guarded = FORMULA_START.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n'
}
