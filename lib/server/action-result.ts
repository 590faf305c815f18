import type { Reason } from '@/lib/domain/shared/types'
import { isAppError, type AppErrorCode } from './errors'

/**
 * What a server action hands back to `useActionState`. A failure carries the
 * values the user typed so the form can show them again (nothing is lost).
 */
export type ActionState =
  | { status: 'idle' }
  | { status: 'ok'; message: string; redirectTo?: string }
  | {
      status: 'error'
      code: AppErrorCode
      message: string
      fieldErrors?: Partial<Record<string, string[]>>
      reasons?: Reason[]
      values?: Record<string, string | string[]>
    }

export const IDLE: ActionState = { status: 'idle' }

/** Maps expected failures (AppError) to an error state; unexpected ones still throw to error.tsx. */
export async function toActionState(
  work: () => Promise<ActionState>,
  values?: Record<string, string | string[]>,
): Promise<ActionState> {
  try {
    return await work()
  } catch (error) {
    if (!isAppError(error)) throw error
    return {
      status: 'error',
      code: error.code,
      message: error.message,
      fieldErrors: error.details.fieldErrors,
      reasons: error.details.reasons,
      values,
    }
  }
}

/** Every field of a submitted form as plain strings (multi-valued fields as arrays). */
export function formValues(formData: FormData): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {}
  for (const key of new Set(formData.keys())) {
    if (key.startsWith('$ACTION')) continue
    const all = formData.getAll(key).filter((v): v is string => typeof v === 'string')
    values[key] = all.length > 1 ? all : (all[0] ?? '')
  }
  return values
}
