import 'server-only'
import { revalidatePath } from 'next/cache'
import { redirect } from 'next/navigation'
import type { z } from 'zod'
import type { ActionState } from '@/lib/action-state'
import type { Actor } from '@/lib/domain/shared/types'
import { requireActor } from './authz'
import { isAppError } from './errors'
import { logUseCaseFailure } from './log'
import { parseInput } from './validation'

export type FormValues = Record<string, string | string[]>

/** What a use case's success does to the browser: a message, pages to refresh, maybe a new page. */
export type FormDone = {
  message: string
  /** Paths whose cached render is stale now; `{ layout }` refreshes everything under it (the navigation, say). */
  revalidate?: (string | { layout: string })[]
  /** A page to open instead of staying on the form (a created change, say). */
  redirect?: string
  /** An anchor on the same page to move to (the comment just posted). */
  anchor?: string
  /** A secret to show once in the form's result (a new API token). */
  reveal?: string
}

type FormActionOptions = {
  /** Reads the form into the values the schema parses (checkbox groups as arrays, say); every field as text by default. */
  read?: (formData: FormData) => FormValues
  /** Fields never sent back to the browser after a failure (a password). */
  secret?: readonly string[]
}

/**
 * The one shape of every form's server action: the session, the submitted
 * values parsed by the use case's zod schema, the use case, then either its
 * success (refreshed pages, a message or a redirect) or its expected failure
 * (AppError) as an error state with field messages and the typed values, so
 * nothing the user wrote is lost. Unexpected errors still reach error.tsx.
 */
export function formAction<S extends z.ZodType>(
  schema: S,
  run: (actor: Actor, input: z.output<S>, values: FormValues) => Promise<FormDone>,
  options: FormActionOptions = {},
): (previous: ActionState, formData: FormData) => Promise<ActionState> {
  return async (_previous, formData) => {
    const values = (options.read ?? formValues)(formData)
    const outcome: { done: FormDone | null } = { done: null }
    const state = await toActionState(async () => {
      const actor = await requireActor({ mode: 'action' })
      const done = await run(actor, parseInput(schema, values), values)
      outcome.done = done
      return { status: 'ok', message: done.message, ...(done.anchor ? { redirectTo: done.anchor } : {}), ...(done.reveal ? { reveal: done.reveal } : {}) }
    }, withoutSecrets(values, options.secret))
    const finished = outcome.done
    if (finished === null) return state
    for (const path of finished.revalidate ?? []) {
      if (typeof path === 'string') revalidatePath(path)
      else revalidatePath(path.layout, 'layout')
    }
    // redirect() throws Next's navigation signal, so it runs here, outside the error mapping.
    if (finished.redirect) redirect(finished.redirect)
    return state
  }
}

/** Maps expected failures (AppError) to an error state; unexpected ones still throw to error.tsx. */
export async function toActionState(work: () => Promise<ActionState>, values?: FormValues): Promise<ActionState> {
  try {
    return await work()
  } catch (error) {
    logUseCaseFailure(error, { via: 'form' })
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
export function formValues(formData: FormData): FormValues {
  const values: FormValues = {}
  for (const key of new Set(formData.keys())) {
    if (key.startsWith('$ACTION')) continue
    const all = formData.getAll(key).filter((v): v is string => typeof v === 'string')
    values[key] = all.length > 1 ? all : (all[0] ?? '')
  }
  return values
}

function withoutSecrets(values: FormValues, secret: readonly string[] = []): FormValues {
  return Object.fromEntries(Object.entries(values).filter(([key]) => !secret.includes(key)))
}
