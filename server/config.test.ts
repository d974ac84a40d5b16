import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config.ts'

describe('loadConfig', () => {
  it('defaults to the embedded database in ./data on 127.0.0.1:3000', () => {
    const config = loadConfig({}, '/srv/pulih')
    expect(config).toMatchObject({
      dataDir: path.resolve('/srv/pulih/data'),
      databaseUrl: undefined,
      host: '127.0.0.1',
      port: 3000,
      publicUrl: 'http://127.0.0.1:3000',
      secureCookies: false,
      sessionIdleMinutes: 30,
      sessionAbsoluteHours: 12,
    })
  })

  it('honours PORT, HOST, PULIH_DATA_DIR, DATABASE_URL and an https public URL', () => {
    const config = loadConfig(
      { PORT: '8080', HOST: '0.0.0.0', PULIH_DATA_DIR: '/var/lib/pulih', DATABASE_URL: 'postgres://u:p@db/pulih', PULIH_PUBLIC_URL: 'https://pulih.kemenperin.go.id/' },
      '/srv',
    )
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      dataDir: '/var/lib/pulih',
      databaseUrl: 'postgres://u:p@db/pulih',
      publicUrl: 'https://pulih.kemenperin.go.id',
      secureCookies: true,
    })
    expect(loadConfig({ HOST: '0.0.0.0', PORT: '3001' }).publicUrl).toBe('http://127.0.0.1:3001')
  })

  it('refuses invalid values naming the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(new ConfigError('PORT must be an integer between 0 and 65535 (got "eighty")'))
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL must be a postgres:\/\//)
    expect(() => loadConfig({ PULIH_SECURE_COOKIES: 'maybe' })).toThrow(/PULIH_SECURE_COOKIES must be true or false/)
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL must be one of/)
  })
})
