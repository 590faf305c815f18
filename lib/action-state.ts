import type { Reason } from '@/lib/domain/shared/types'

// Shared by server actions and the client forms that show their result; it
// imports nothing from the server, so no server module enters a client bundle.

/** The codes an expected failure can carry (lib/server/errors.ts maps them to HTTP statuses). */
export type AppErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'INVALID_INPUT'
  | 'REFUSED'
  | 'PAYLOAD_TOO_LARGE'
  | 'PRECONDITION_FAILED'
  | 'RATE_LIMITED'

/**
 * What a server action hands back to `useActionState`. A failure carries the
 * values the user typed so the form can show them again (nothing is lost).
 */
export type ActionState =
  | { status: 'idle' }
  | {
      status: 'ok'
      message: string
      redirectTo?: string
      /** A secret shown exactly once after it is made (a new API token); never stored in the page. */
      reveal?: string
    }
  | {
      status: 'error'
      code: AppErrorCode
      message: string
      fieldErrors?: Partial<Record<string, string[]>>
      reasons?: Reason[]
      values?: Record<string, string | string[]>
    }

export const IDLE: ActionState = { status: 'idle' }
