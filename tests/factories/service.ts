import type { ServiceCriticality } from '../../lib/generated/prisma/client'
import { defaultDb, uniqueSuffix, type FactoryDb } from './db'

export type CreateServiceInput = {
  ownerId: string
  name?: string
  description?: string
  criticality?: ServiceCriticality
}

export type CreatedService = { id: string; name: string; ownerId: string; criticality: ServiceCriticality }

export async function createService(input: CreateServiceInput, db?: FactoryDb): Promise<CreatedService> {
  const client = db ?? (await defaultDb())
  const suffix = uniqueSuffix()
  return client.service.create({
    data: {
      name: input.name ?? `Service ${suffix}`,
      description: input.description ?? `Test service ${suffix}`,
      criticality: input.criticality ?? 'MEDIUM',
      ownerId: input.ownerId,
    },
    select: { id: true, name: true, ownerId: true, criticality: true },
  })
}
