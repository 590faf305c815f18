/**
 * `npm run backup -- FILE`: a `pg_dump --format=custom` of the current
 * database — DATABASE_URL, or this checkout's embedded one (CHANGEBOARD_DATA_DIR,
 * EMBEDDED_POSTGRES_PORT as for npm start; the running app's server, or started
 * for the backup and stopped after it). Restore it with `npm run restore -- FILE`.
 */
import { runBackupCommand } from '../lib/db/backup-command'

await runBackupCommand('backup', process.argv.slice(2))
