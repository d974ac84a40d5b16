// How queued e-mails leave: through an SMTP server (`SMTP_URL`), or, by default and in tests, as
// RFC 5322 .eml files under `<dataDir>/outbox/` that an operator can open or hand to a mail client.
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import tls from 'node:tls'
import type { Config } from '../../config.ts'
import { addressOf, buildEml, defaultFrom, type MailMessage } from './mail.ts'

export interface MailTransport {
  /** Human-readable: where mail goes (for the start log). */
  readonly description: string
  send(message: MailMessage): Promise<void>
}

/** A failure that retrying will not cure (the server refused the message or recipient for good). */
export class PermanentMailError extends Error {}

/** Writes each message to `<dir>/<date>-<message id>.eml` (complete files only: written then renamed). */
export function fileTransport(dir: string): MailTransport {
  return {
    description: `files in ${dir}`,
    async send(message) {
      await fs.promises.mkdir(dir, { recursive: true, mode: 0o700 })
      const stamp = message.date.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')
      const name = `${stamp}-${message.messageId.split('@')[0].replace(/[^A-Za-z0-9-]/g, '')}.eml`
      const file = path.join(dir, name)
      const temporary = path.join(dir, `.${name}.tmp`)
      await fs.promises.writeFile(temporary, buildEml(message), { mode: 0o600 })
      await fs.promises.rename(temporary, file)
    },
  }
}

export const outboxDirOf = (config: Pick<Config, 'dataDir'>) => path.join(config.dataDir, 'outbox')

/** The transport the configuration asks for. */
export function transportFor(config: Pick<Config, 'dataDir' | 'smtpUrl'>): MailTransport {
  return config.smtpUrl ? smtpTransport(config.smtpUrl) : fileTransport(outboxDirOf(config))
}

/** The sender the configuration names, or no-reply at the public host. */
export const senderOf = (config: Pick<Config, 'mailFrom' | 'publicUrl'>) => config.mailFrom ?? defaultFrom(config.publicUrl)

// ---------------------------------------------------------------------------------------------
// A small SMTP client (RFC 5321): EHLO, STARTTLS when offered (smtp://) or TLS from the start
// (smtps://), AUTH PLAIN with the URL's user and password, one message per connection.
// `?tls=insecure` accepts any certificate (a relay on the same host with a self-signed one).
// ---------------------------------------------------------------------------------------------

interface Reply {
  code: number
  lines: string[]
}

class SmtpConnection {
  private buffer = ''
  private waiting: Array<{ resolve: (reply: Reply) => void; reject: (error: Error) => void }> = []
  private replies: Reply[] = []
  private failure: Error | null = null
  private pending: string[] = []

  constructor(private socket: net.Socket, private readonly timeoutMs: number) {
    this.attach(socket)
  }

  private attach(socket: net.Socket) {
    socket.setEncoding('utf8')
    socket.setTimeout(this.timeoutMs, () => this.fail(new Error('SMTP server timed out')))
    socket.on('data', (chunk: string) => this.onData(chunk))
    socket.on('error', (error) => this.fail(error))
    socket.on('close', () => this.fail(new Error('SMTP connection closed')))
  }

  private fail(error: Error) {
    if (this.failure) return
    this.failure = error
    for (const w of this.waiting.splice(0)) w.reject(error)
    this.socket.destroy()
  }

  private onData(chunk: string) {
    this.buffer += chunk
    let index: number
    while ((index = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, index).replace(/\r$/, '')
      this.buffer = this.buffer.slice(index + 1)
      this.pending.push(line)
      // "250-…" continues a reply, "250 …" ends it.
      if (/^\d{3}(?: |$)/.test(line)) {
        const reply = { code: Number(line.slice(0, 3)), lines: this.pending.map((l) => l.slice(4)) }
        this.pending = []
        const waiter = this.waiting.shift()
        if (waiter) waiter.resolve(reply)
        else this.replies.push(reply)
      }
    }
  }

  read(): Promise<Reply> {
    const ready = this.replies.shift()
    if (ready) return Promise.resolve(ready)
    if (this.failure) return Promise.reject(this.failure)
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }))
  }

  async command(line: string | null, expected: number[], what: string): Promise<Reply> {
    if (line !== null) this.socket.write(`${line}\r\n`)
    const reply = await this.read()
    if (!expected.includes(reply.code)) {
      const text = `SMTP ${what} refused: ${reply.code} ${reply.lines.join(' ')}`.slice(0, 500)
      throw reply.code >= 500 && what !== 'AUTH' ? new PermanentMailError(text) : new Error(text)
    }
    return reply
  }

  write(data: string) {
    this.socket.write(data)
  }

  /** Switches the connection to TLS (after STARTTLS was accepted). */
  async upgrade(options: tls.ConnectionOptions): Promise<void> {
    this.socket.removeAllListeners('data').removeAllListeners('error').removeAllListeners('close')
    this.socket.setTimeout(0)
    const secure = tls.connect({ ...options, socket: this.socket })
    await new Promise<void>((resolve, reject) => {
      secure.once('secureConnect', resolve)
      secure.once('error', reject)
    })
    this.socket = secure
    this.attach(secure)
  }

  end() {
    this.socket.end()
  }
}

export function smtpTransport(url: string, options: { timeoutMs?: number; clientName?: string } = {}): MailTransport {
  const parsed = new URL(url)
  const secure = parsed.protocol === 'smtps:'
  const host = parsed.hostname.replace(/^\[|\]$/g, '')
  const port = Number(parsed.port) || (secure ? 465 : 587)
  const user = decodeURIComponent(parsed.username)
  const password = decodeURIComponent(parsed.password)
  const tlsOptions: tls.ConnectionOptions = {
    host,
    servername: net.isIP(host) ? undefined : host,
    rejectUnauthorized: parsed.searchParams.get('tls') !== 'insecure',
  }
  const timeoutMs = options.timeoutMs ?? 30_000
  const clientName = options.clientName ?? (os.hostname().replace(/[^A-Za-z0-9.-]/g, '') || 'localhost')

  return {
    description: `SMTP ${secure ? 'smtps' : 'smtp'}://${host}:${port}`,
    async send(message) {
      const socket = secure ? tls.connect({ ...tlsOptions, port }) : net.connect({ host, port })
      const connection = new SmtpConnection(socket, timeoutMs)
      try {
        await connection.command(null, [220], 'greeting')
        let ehlo = await connection.command(`EHLO ${clientName}`, [250], 'EHLO')
        const offers = (reply: Reply, extension: string) => reply.lines.some((l) => l.toUpperCase().split(' ')[0] === extension)
        if (!secure && offers(ehlo, 'STARTTLS')) {
          await connection.command('STARTTLS', [220], 'STARTTLS')
          await connection.upgrade(tlsOptions)
          ehlo = await connection.command(`EHLO ${clientName}`, [250], 'EHLO')
        }
        if (user) {
          const credentials = Buffer.from(`\0${user}\0${password}`).toString('base64')
          await connection.command(`AUTH PLAIN ${credentials}`, [235], 'AUTH')
        }
        await connection.command(`MAIL FROM:<${addressOf(message.from)}>`, [250], 'MAIL FROM')
        await connection.command(`RCPT TO:<${addressOf(message.to)}>`, [250, 251], 'RCPT TO')
        await connection.command('DATA', [354], 'DATA')
        // Dot-stuffing: a line starting with "." gets another one.
        const data = buildEml(message).replace(/(^|\r\n)\./g, '$1..')
        connection.write(`${data}.\r\n`)
        await connection.command(null, [250], 'message')
        await connection.command('QUIT', [221], 'QUIT').catch(() => undefined)
      } finally {
        connection.end()
      }
    },
  }
}
