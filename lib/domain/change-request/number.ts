// Change numbers are stored as integers and shown as CHG-000123.

export function formatChangeNumber(number: number): string {
  return `CHG-${String(number).padStart(6, '0')}`
}

/** Accepts "CHG-000123", "chg123", "000123" or "123"; null for anything else. */
export function parseChangeNumber(text: string): number | null {
  const match = /^(?:chg-?)?0*(\d{1,9})$/i.exec(text.trim())
  return match?.[1] ? Number(match[1]) : null
}
