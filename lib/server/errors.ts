import type { AppErrorCode } from '@/lib/action-state'
import type { Reason } from '@/lib/domain/shared/types'

export type { AppErrorCode }

const HTTP_STATUS: Record<AppErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INVALID_INPUT: 400,
  CONFLICT: 409,
  REFUSED: 422,
  PAYLOAD_TOO_LARGE: 413,
  PRECONDITION_FAILED: 412,
  RATE_LIMITED: 429,
}

/** An expected failure a user can act on; never a stack trace on screen. */
export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details: {
      fieldErrors?: Partial<Record<string, string[]>>
      reasons?: Reason[]
      /** RATE_LIMITED: seconds until the caller may try again (the Retry-After header). */
      retryAfterSeconds?: number
    } = {},
  ) {
    super(message)
    this.name = 'AppError'
  }

  get httpStatus(): number {
    return HTTP_STATUS[this.code]
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError
}
