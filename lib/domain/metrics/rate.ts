// A rate is always shown with what it is a share of: the page prints
// "60 % (3 of 5)", and a rate of nothing is "no data", never 0 % or 100 %.

export type Rate = { numerator: number; denominator: number; value: number | null }

export function rate(numerator: number, denominator: number): Rate {
  if (!Number.isInteger(numerator) || !Number.isInteger(denominator) || numerator < 0 || denominator < 0 || numerator > denominator) {
    throw new RangeError(`rate: need integers 0 ≤ numerator (${numerator}) ≤ denominator (${denominator})`)
  }
  return { numerator, denominator, value: denominator === 0 ? null : numerator / denominator }
}

/** Outcome counts of finished changes; the success rate is completed / (completed + failed + rolled back). */
export type OutcomeCounts = { completed: number; failed: number; rolledBack: number }

export function successRate(counts: OutcomeCounts): Rate {
  return rate(counts.completed, counts.completed + counts.failed + counts.rolledBack)
}

/** "60 %" (whole per cent, rounded half up) or "no data". */
export function formatRate(r: Rate): string {
  return r.value === null ? 'no data' : `${Math.round(r.value * 100)} %`
}

/** "60 % (3 of 5)". */
export function describeRate(r: Rate): string {
  return r.value === null ? 'no data (0 of 0)' : `${formatRate(r)} (${r.numerator} of ${r.denominator})`
}
