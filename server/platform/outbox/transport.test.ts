// The SMTP transport against a small SMTP server in the test, and the file transport.
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { parseEml } from './mail.ts'
import { fileTransport, PermanentMailError, smtpTransport } from './transport.ts'

const message = {
  from: 'Pulih <no-reply@pulih.example>',
  to: 'budi@contoh.co.id',
  subject: 'Pengingat',
  text: 'Halo\n.titik di awal baris\nselesai',
  messageId: 'm-1@pulih.example',
  date: new Date('2026-04-05T03:04:05Z'),
}

interface Session {
  commands: string[]
  data: string
}

/** A minimal SMTP server: answers each command as `replies` says (default 250). */
function fakeSmtp(replies: Record<string, string> = {}): Promise<{ port: number; sessions: Session[]; close(): Promise<void> }> {
  const sessions: Session[] = []
  const server = net.createServer((socket) => {
    const session: Session = { commands: [], data: '' }
    sessions.push(session)
    let inData = false
    let buffer = ''
    socket.write('220 fake ESMTP\r\n')
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8')
      let index: number
      while ((index = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, index)
        buffer = buffer.slice(index + 2)
        if (inData) {
          if (line === '.') {
            inData = false
            socket.write(`${replies['.'] ?? '250 queued'}\r\n`)
          } else session.data += `${line}\r\n`
          continue
        }
        session.commands.push(line)
        const verb = line.split(/[ :]/)[0].toUpperCase()
        if (verb === 'EHLO') socket.write('250-fake\r\n250-AUTH PLAIN\r\n250 8BITMIME\r\n')
        else if (verb === 'DATA' && !replies.DATA) {
          inData = true
          socket.write('354 go ahead\r\n')
        } else if (verb === 'QUIT') socket.end('221 bye\r\n')
        else socket.write(`${replies[verb] ?? (verb === 'AUTH' ? '235 ok' : '250 ok')}\r\n`)
      }
    })
  })
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as net.AddressInfo).port,
        sessions,
        close: () => new Promise<void>((done) => server.close(() => done())),
      }),
    ),
  )
}

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

describe('smtpTransport', () => {
  it('authenticates, sends the envelope and the dot-stuffed message', async () => {
    const server = await fakeSmtp()
    cleanups.push(server.close)
    await smtpTransport(`smtp://user%40x:p%3Ass@127.0.0.1:${server.port}`, { clientName: 'test' }).send(message)
    const [session] = server.sessions
    expect(session.commands).toEqual([
      'EHLO test',
      `AUTH PLAIN ${Buffer.from('\0user@x\0p:ss').toString('base64')}`,
      'MAIL FROM:<no-reply@pulih.example>',
      'RCPT TO:<budi@contoh.co.id>',
      'DATA',
      'QUIT',
    ])
    expect(session.data).toContain('\r\n..titik di awal baris\r\n')
    const parsed = parseEml(session.data.replace(/(^|\r\n)\.\./g, '$1.'))
    expect(parsed.headers.subject).toBe('Pengingat')
    expect(parsed.text).toBe(message.text)
  })

  it('reports a refused recipient as permanent and a busy server as temporary', async () => {
    const refusing = await fakeSmtp({ RCPT: '550 no such user' })
    cleanups.push(refusing.close)
    await expect(smtpTransport(`smtp://127.0.0.1:${refusing.port}`).send(message)).rejects.toBeInstanceOf(PermanentMailError)
    const busy = await fakeSmtp({ MAIL: '451 try later' })
    cleanups.push(busy.close)
    const error = await smtpTransport(`smtp://127.0.0.1:${busy.port}`).send(message).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Error)
    expect(error).not.toBeInstanceOf(PermanentMailError)
    expect((error as Error).message).toContain('451')
  })

  it('fails when nothing listens', async () => {
    const probe = net.createServer()
    const port = await new Promise<number>((resolve) => probe.listen(0, '127.0.0.1', () => resolve((probe.address() as net.AddressInfo).port)))
    await new Promise<void>((resolve) => probe.close(() => resolve()))
    await expect(smtpTransport(`smtp://127.0.0.1:${port}`, { timeoutMs: 2000 }).send(message)).rejects.toThrow()
  })
})

describe('fileTransport', () => {
  it('writes one complete .eml file per message', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulih-outbox-'))
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }))
    await fileTransport(path.join(dir, 'outbox')).send(message)
    const files = fs.readdirSync(path.join(dir, 'outbox'))
    expect(files).toEqual(['20260405T030405Z-m-1.eml'])
    const parsed = parseEml(fs.readFileSync(path.join(dir, 'outbox', files[0]), 'utf8'))
    expect(parsed.headers.to).toBe('budi@contoh.co.id')
    expect(parsed.text).toBe(message.text)
  })
})
