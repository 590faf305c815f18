// CHG-000123. Kept here until the change-request module exports one; the lead may consolidate.
export function formatChangeNumber(number: number): string {
  return `CHG-${String(number).padStart(6, '0')}`
}
