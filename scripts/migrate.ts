// `npm run db:migrate`: applies pending migrations to DATABASE_URL with the built-in runner.
import { migrate } from '../lib/db/migrate'

const url = process.env.DATABASE_URL
if (!url) {
  console.error('changeboard: set DATABASE_URL to the database to migrate')
  process.exit(1)
}
const applied = await migrate(url)
console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date')
