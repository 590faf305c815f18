import type { z } from 'zod'
import { AppError } from './errors'

/** Parses input with a zod schema; on failure throws INVALID_INPUT with one message list per field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input)
  if (result.success) return result.data
  const fieldErrors: Partial<Record<string, string[]>> = {}
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? 'form')
    ;(fieldErrors[field] ??= []).push(issue.message)
  }
  throw new AppError('INVALID_INPUT', 'Some fields need attention.', { fieldErrors })
}
