/**
 * `npm run restore -- FILE`: restores a file written by `npm run backup` into
 * the current database — DATABASE_URL, or this checkout's embedded one — which
 * must be empty: it refuses a database holding any table, with one line.
 */
import { runBackupCommand } from '../lib/db/backup-command'

await runBackupCommand('restore', process.argv.slice(2))
