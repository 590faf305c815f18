import type { AddressInfo } from 'node:net'
import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer } from 'smtp-server'

/**
 * A real SMTP server in the test process (the npm package smtp-server): it
 * speaks the protocol to nodemailer over TCP and keeps every message parsed.
 * `failing` makes it refuse every message with a 451, like a server in trouble.
 */
export type SmtpSink = {
  url: string
  messages: ParsedMail[]
  failing: boolean
  /** Resolves once `count` messages in all arrived (or rejects after the timeout). */
  waitFor: (count: number, timeoutMs?: number) => Promise<ParsedMail[]>
  close: () => Promise<void>
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: ParsedMail[] = []
  const sink = { failing: false }
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth: (_auth, _session, callback) => callback(null, { user: 'test' }),
    onData: (stream, _session, callback) => {
      simpleParser(stream)
        .then((parsed) => {
          if (sink.failing) {
            const error = Object.assign(new Error('Mailbox unavailable, try again later'), { responseCode: 451 })
            callback(error)
            return
          }
          messages.push(parsed)
          callback()
        })
        .catch((error: Error) => callback(error))
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.server.address() as AddressInfo).port
  return {
    url: `smtp://test:secret@127.0.0.1:${port}`,
    messages,
    get failing() {
      return sink.failing
    },
    set failing(value: boolean) {
      sink.failing = value
    },
    waitFor: async (count, timeoutMs = 20_000) => {
      const deadline = Date.now() + timeoutMs
      while (messages.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} messages, got ${messages.length}`)
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      return messages
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
