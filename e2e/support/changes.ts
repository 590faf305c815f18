import { createUser, type CreatedUser } from '../../tests/factories/user'
import { createChange, type CreateChangeInput, type FactoryChange } from '../../tests/factories/change-requests'
import { e2eDb } from './db'

export const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`

/** 'YYYY-MM-DDTHH:mm' for a datetime-local input, in UTC (the zone of the demo users). */
export function localInput(date: Date): string {
  return date.toISOString().slice(0, 16)
}

export async function userIdByEmail(email: string): Promise<string> {
  return (await e2eDb().user.findUniqueOrThrow({ where: { email }, select: { id: true } })).id
}

export async function serviceIdByName(name: string): Promise<string> {
  return (await e2eDb().service.findUniqueOrThrow({ where: { name }, select: { id: true } })).id
}

export async function arrangeChange(input: CreateChangeInput): Promise<FactoryChange> {
  return createChange(e2eDb(), input)
}

export async function arrangeRequester(): Promise<CreatedUser> {
  return createUser({ roles: ['REQUESTER'], name: `Quinn Requester ${unique()}` }, e2eDb())
}
