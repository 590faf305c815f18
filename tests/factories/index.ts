export { createUser, DEFAULT_TEST_PASSWORD, type CreatedUser, type CreateUserInput } from './user'
export { createService, type CreatedService, type CreateServiceInput } from './service'
export { uniqueSuffix, type FactoryDb } from './db'
