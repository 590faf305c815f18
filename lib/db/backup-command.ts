import path from 'node:path'
import { z } from 'zod'
import { backupDatabase, restoreDatabase } from './backup'
import { openScriptDatabase } from './bootstrap'
import { describeError } from './embedded-port'

const ZArgs = z.tuple([z.string().trim().min(1, 'give the file')], z.never({ error: 'give one file, nothing else' }))

/**
 * The shared body of scripts/backup.ts and scripts/restore.ts: one file
 * argument, the database resolved like `npm start` resolves it (without
 * migrating: a backup takes the schema as it is, a restore needs it empty),
 * one line on failure and exit code 1.
 */
export async function runBackupCommand(command: 'backup' | 'restore', argv: string[]): Promise<void> {
  const fail = (message: string): never => {
    console.error(`${command}: ${message}`)
    process.exit(1)
  }
  const parsed = ZArgs.safeParse(argv)
  if (!parsed.success) fail(`${parsed.error.issues[0]?.message ?? 'bad arguments'} (npm run ${command} -- FILE)`)
  const file = path.resolve(parsed.success ? parsed.data[0] : '')
  const database = await openScriptDatabase({
    dataDir: path.resolve(process.env.CHANGEBOARD_DATA_DIR ?? '.data'),
    databaseUrl: process.env.DATABASE_URL || undefined,
    requestedPort: process.env.EMBEDDED_POSTGRES_PORT || undefined,
    migrate: false,
  }).catch((error: unknown) => fail(`cannot open the database: ${describeError(error)}`))
  try {
    if (command === 'backup') {
      await backupDatabase(database.url, file)
      console.log(`backup: wrote ${file}`)
    } else {
      await restoreDatabase(database.url, file)
      console.log(`restore: restored ${file}`)
    }
  } catch (error) {
    await database.stop().catch(() => undefined)
    fail(describeError(error))
  }
  await database.stop()
}
