import fs from 'node:fs'
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import { Argument, Command, Option } from 'commander'
import closeWithGrace from 'close-with-grace'
import { loadConfig, type Config } from './config.ts'
import { buildApp, loggerOptions } from './app.ts'
import { openRuntime, type Runtime } from './runtime.ts'
import { ensureWebBuilt } from './web-build.ts'
import { ORGANISATION_KINDS, ROLE_ORGANISATION_KIND, ROLES, type Role } from './platform/access/roles.ts'
import { cliContext, SYSTEM_CONTEXT, verifyAuditChain } from './platform/audit/audit.service.ts'
import { AppError } from './platform/errors.ts'
import { localize } from './platform/i18n/messages.ts'
import { createSetupLink, createUserWithPassword, findOrganisationByName, ministryOrganisation, setupNeeded } from './modules/identity/index.ts'
import { seedDemo, type DemoLogin } from './demo/seed.ts'
import * as usersRepository from './platform/auth/users.repository.ts'
import { purgeExpired } from './platform/auth/auth.service.ts'

const say = (message: string) => process.stdout.write(message + '\n')

/** Opens the database (starting the embedded server when needed), runs `fn`, always closes. */
async function withRuntime<T>(fn: (runtime: Runtime) => Promise<T>): Promise<T> {
  const runtime = await openRuntime(loadConfig(), (m) => process.stderr.write(m + '\n'))
  try {
    return await fn(runtime)
  } finally {
    await runtime.close()
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '')
}

function printDemoLogins(logins: DemoLogin[]) {
  say('\nDemo logins (password for all: ' + logins[0].password + '):')
  for (const login of logins) {
    say(`  ${login.role.padEnd(20)} ${login.email}${login.totpSecret ? `   TOTP secret ${login.totpSecret}` : ''}`)
  }
  say('  Roles with a TOTP secret need a code from an authenticator app: add the secret to it (or its otpauth URI below).')
  for (const login of logins) if (login.otpauthUri) say(`  ${login.otpauthUri}`)
}

/** Starts the HTTP server on the configured host/port and shuts down gracefully on signals. */
async function serve(config: Config, options: { demo?: boolean } = {}) {
  ensureWebBuilt(say)
  const runtime = await openRuntime(config, say)
  const app = await buildApp({ config, db: runtime.db, keys: runtime.keys, logger: loggerOptions(config.logLevel) })
  const purge = () => purgeExpired(runtime.db, config).catch((err) => app.log.error({ err }, 'purging expired sessions failed'))
  await purge()
  const purgeTimer = setInterval(purge, 15 * 60_000).unref()
  // Imports left running by a process that died end as interrupted, and their uploads go.
  const { recoverStaleImports } = await import('./modules/registry/index.ts')
  const recover = () =>
    recoverStaleImports(runtime.db, config.dataDir, SYSTEM_CONTEXT)
      .then(({ interrupted, removedFiles }) => {
        if (interrupted.length > 0 || removedFiles > 0) app.log.warn({ interrupted, removedFiles }, 'ended imports whose process had stopped')
      })
      .catch((err) => app.log.error({ err }, 'recovering stale imports failed'))
  await recover()
  const recoverTimer = setInterval(recover, 5 * 60_000).unref()
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'shutting down after an error')
    else app.log.info({ signal }, 'shutting down: finishing requests in flight')
    clearInterval(purgeTimer)
    clearInterval(recoverTimer)
    await app.close()
    await runtime.close()
  })
  if (options.demo) printDemoLogins(await seedDemo(runtime.db, runtime.keys))
  await app.listen({ host: config.host, port: config.port })
  say(`\nPulih is running at ${config.publicUrl}  (database: ${runtime.server.embedded ? `embedded, ${path.join(config.dataDir, 'postgres')}` : 'DATABASE_URL'})`)
  if (await setupNeeded(runtime.db)) {
    const { link, expiresAt } = await createSetupLink(runtime.db, config)
    say('\nNo account exists yet. Open this one-time link to create the first national administrator')
    say(`(valid until ${expiresAt.toISOString()}; a restart makes a new one):\n\n  ${link}\n`)
  }
}

export function buildCli(): Command {
  const program = new Command('pulih')
    .description('Pulih: recovery platform for small and medium industries (IKM)')
    .showHelpAfterError()
    .addHelpText(
      'after',
      '\nEnvironment: PULIH_DATA_DIR (default ./data), DATABASE_URL (external PostgreSQL), PORT, HOST, PULIH_PUBLIC_URL, LOG_LEVEL.',
    )

  program
    .command('start')
    .description('start the web server (embedded PostgreSQL unless DATABASE_URL is set)')
    .option('--dev', 'verbose logs')
    .action(async (options: { dev?: boolean }) => {
      const config = loadConfig()
      await serve(options.dev ? { ...config, logLevel: 'debug' } : config)
    })

  program
    .command('demo')
    .description('start on a separate demo data directory (./data-demo) filled with demo data, and print one login per role')
    .action(async () => {
      if (!process.env.PULIH_DATA_DIR && !process.env.DATABASE_URL) process.env.PULIH_DATA_DIR = 'data-demo'
      await serve(loadConfig(), { demo: true })
    })

  program
    .command('migrate')
    .description('apply pending database migrations and reference data')
    .action(async () => {
      await withRuntime(async () => say('database is up to date'))
    })

  program
    .command('seed')
    .description('fill the current database with a data set')
    .addArgument(new Argument('<set>', 'data set to load').choices(['demo']))
    .action(() =>
      withRuntime(async ({ db, keys }) => {
        printDemoLogins(await seedDemo(db, keys))
      }),
    )

  program
    .command('setup-link')
    .description('print a new one-time link to create the first national administrator (only while no account exists)')
    .action(() =>
      withRuntime(async ({ db, config }) => {
        const { link, expiresAt } = await createSetupLink(db, config)
        say(`${link}\n(valid until ${expiresAt.toISOString()})`)
      }),
    )

  const importCommand = program.command('import').description('bulk imports')
  importCommand
    .command('firms')
    .description('import firms from a CSV or XLSX file (as regional offices send them); prints inserted/updated/unchanged/rejected')
    .argument('<file>', 'CSV or XLSX file')
    .option('--dry-run', 'validate and count without saving anything')
    .option('--errors <file>', 'write the rejected rows to this CSV (default: <file>.errors.csv next to the input, when rows are rejected)')
    .option('--sheet <name>', 'XLSX: the sheet to read (default: the first)')
    .action(async (file: string, options: { dryRun?: boolean; errors?: string; sheet?: string }) => {
      const { importFirmsCli } = await import('./modules/registry/index.ts')
      await withRuntime((runtime) => importFirmsCli(runtime, file, options, say))
    })
  importCommand
    .command('responses')
    .description('import survey responses of a round from a CSV or XLSX file (sheets bahan_baku, ekspor_tertunda optional); prints inserted/updated/unchanged/rejected')
    .requiredOption('--round <round>', 'the survey round: its id or exact name')
    .argument('<file>', 'CSV or XLSX file (main sheet: one row per firm, by NIB)')
    .option('--materials <file>', 'the bahan_baku rows as a file of their own (default: the XLSX sheet bahan_baku)')
    .option('--exports <file>', 'the ekspor_tertunda rows as a file of their own (default: the XLSX sheet ekspor_tertunda)')
    .option('--sheet <name>', 'XLSX: the main sheet (default: the first)')
    .option('--dry-run', 'validate and count without saving anything')
    .option('--errors <file>', 'write the rejected rows to this CSV (default: <file>.errors.csv next to the input, when rows are rejected)')
    .action(async (file: string, options: { round: string; materials?: string; exports?: string; sheet?: string; dryRun?: boolean; errors?: string }) => {
      const { importResponsesCli } = await import('./modules/assessment/imports/response-imports.cli.ts')
      await withRuntime((runtime) => importResponsesCli(runtime, file, options, say))
    })
  importCommand
    .command('sales')
    .description("import a marketplace's monthly sales per firm store from a CSV or XLSX file (nib or url_toko, bulan, omzet, jumlah_pesanan, unit_terjual); prints inserted/updated/unchanged/rejected")
    .requiredOption('--marketplace <code>', 'the marketplace the file reports for: tokopedia, tiktok_shop, shopee, blibli or bukalapak')
    .argument('<file>', 'CSV or XLSX file (one row per firm store and month)')
    .option('--sheet <name>', 'XLSX: the sheet to read (default: the first)')
    .option('--dry-run', 'validate and count without saving anything')
    .option('--errors <file>', 'write the rejected rows to this CSV (default: <file>.errors.csv next to the input, when rows are rejected)')
    .action(async (file: string, options: { marketplace: string; sheet?: string; dryRun?: boolean; errors?: string }) => {
      const { importSalesCli } = await import('./modules/marketplace/sales/sales.cli.ts')
      await withRuntime((runtime) => importSalesCli(runtime, file, options, say))
    })

  program
    .command('listings')
    .description('marketplace listings')
    .command('export')
    .description("write the valid products as a marketplace's bulk-upload XLSX; prints how many were written and which were skipped and why")
    .requiredOption('--marketplace <code>', 'tokopedia, tiktok_shop, shopee or blibli (bukalapak is closed)')
    .option('--province <code>', 'only firms of this province (Kemendagri code, e.g. 33)')
    .option('--regency <code>', 'only firms of this regency (e.g. 33.26)')
    .option('--firm <id>', 'only this firm (repeat for several)', (value: string, previous: string[] = []) => [...previous, value])
    .option('--kbli <code>', 'only products whose KBLI (or their firm\'s main KBLI) starts with this')
    .requiredOption('--out <file>', 'XLSX file to write')
    .action(async (options: { marketplace: string; province?: string; regency?: string; firm?: string[]; kbli?: string; out: string }) => {
      const { exportListingsCli } = await import('./modules/marketplace/listings/listings.cli.ts')
      await withRuntime((runtime) => exportListingsCli(runtime, options, say))
    })

  program
    .command('duplicates')
    .description('check every firm waiting in the duplicate finder\'s queue now (the server does this in the background)')
    .addArgument(new Argument('<action>', 'what to do').choices(['scan']))
    .option('--all', 'queue every firm first (a full re-check, e.g. after changing the finder)')
    .action(async (_action: string, options: { all?: boolean }) => {
      const { scanDuplicatesCli } = await import('./modules/registry/index.ts')
      await withRuntime((runtime) => scanDuplicatesCli(runtime.db, options, say))
    })

  const rounds = program.command('rounds').description('impact survey rounds')
  rounds
    .command('create')
    .description('open a survey round')
    .argument('<name>', 'the round\'s name, e.g. "Survei Dampak April 2020"')
    .requiredOption('--month <YYYY-MM>', 'the reference month the answers describe')
    .option('--opens <YYYY-MM-DD>', 'first day answers are taken (default: today, WIB)')
    .option('--closes <YYYY-MM-DD>', 'last day (default: the end of the month after the reference month)')
    .option('--provinces <codes>', 'only these provinces, comma-separated Kemendagri codes (default: all)')
    .action(async (name: string, options: { month: string; opens?: string; closes?: string; provinces?: string }) => {
      const { createRound } = await import('./modules/assessment/index.ts')
      await withRuntime(async ({ db }) => {
        const round = await createRound(db, 'system', cliContext(), {
          name,
          referenceMonth: options.month,
          opensOn: options.opens,
          closesOn: options.closes,
          provinceCodes: options.provinces ? options.provinces.split(',').map((code) => code.trim()).filter(Boolean) : null,
        })
        say(`round ${round.id} "${round.name}" (${round.referenceMonth}, ${round.opensOn} to ${round.closesOn}, ${round.status})`)
      })
    })

  const report = program.command('report').description('figures of the national dashboard for scripts')
  report
    .command('summary')
    .description('the dashboard summary of a round, with figures per province')
    .requiredOption('--round <round>', 'round id or name')
    .option('--province <code>', 'only this province (Kemendagri code)')
    .addOption(new Option('--format <format>', 'output format').choices(['json']).default('json'))
    .action(async (options: { round: string; province?: string }) => {
      const { reportSummary } = await import('./modules/assessment/index.ts')
      await withRuntime(async ({ db }) => say(JSON.stringify(await reportSummary(db, options.round, options.province), null, 2)))
    })
  report
    .command('rebuild')
    .description('rebuild the dashboard rollups from the responses and the registry (after a restore)')
    .action(async () => {
      const { rebuildRollups } = await import('./modules/assessment/index.ts')
      await withRuntime(async ({ db }) => {
        const started = performance.now()
        await rebuildRollups(db)
        say(`rollups rebuilt in ${((performance.now() - started) / 1000).toFixed(1)} s`)
      })
    })

  const user = program.command('user').description('manage user accounts')
  user
    .command('create')
    .description('create a user; the password is read from standard input')
    .requiredOption('--email <email>', 'e-mail address (the login)')
    .requiredOption('--name <name>', 'full name')
    .addOption(new Option('--role <role>', 'role').choices([...ROLES]).makeOptionMandatory())
    .option('--org <organisation>', 'organisation name or id (default: the ministry, for admin and officer)')
    .addOption(new Option('--org-kind <kind>', 'kind of the organisation named by --org').choices([...ORGANISATION_KINDS]))
    .requiredOption('--password-stdin', 'read the password from standard input')
    .action(async (options: { email: string; name: string; role: Role; org?: string; orgKind?: string }) => {
      const password = await readStdin()
      await withRuntime(async ({ db, keys }) => {
        let organisationId: string
        if (!options.org) {
          if (options.role !== 'admin' && options.role !== 'officer') {
            throw new Error(`--org is required for role ${options.role}`)
          }
          organisationId = (await ministryOrganisation(db)).id
        } else if (/^[0-9a-f-]{36}$/i.test(options.org)) {
          organisationId = options.org
        } else {
          const kind = (options.orgKind ?? ROLE_ORGANISATION_KIND[options.role]) as (typeof ORGANISATION_KINDS)[number]
          const organisation = await findOrganisationByName(db, kind, options.org)
          if (!organisation) throw new Error(`no ${kind} organisation named "${options.org}"`)
          organisationId = organisation.id
        }
        const created = await createUserWithPassword(db, keys, cliContext(), { ...options, organisationId, password })
        say(`created user ${created.user.email} (${created.user.role}, ${created.user.organisation.name})`)
        if (created.otpauthUri) {
          say('This role signs in with a second factor. Add this to an authenticator app (shown once):')
          say(`  ${created.otpauthUri}`)
        }
      })
    })

  user
    .command('list')
    .description('list user accounts')
    .action(() =>
      withRuntime(async ({ db }) => {
        for (const row of await usersRepository.list(db, { limit: 10_000 })) {
          say(`${row.email}\t${row.role}\t${row.organisation_name}${row.disabled_at ? '\tdisabled' : ''}`)
        }
      }),
    )

  const audit = program.command('audit').description('audit log')
  audit
    .command('verify')
    .description('check the hash chain of the audit log; exits 1 naming the first broken entry')
    .action(() =>
      withRuntime(async ({ db }) => {
        const result = await verifyAuditChain(db, (n) => process.stderr.write(`\rchecked ${n} entries`))
        process.stderr.write('\n')
        if (result.ok) {
          say(`audit log intact: ${result.checked} entries verified`)
        } else {
          say(`audit log BROKEN at entry ${result.firstBroken!.seq}: ${result.firstBroken!.reason} (${result.checked} entries before it verified)`)
          process.exitCode = 1
        }
      }),
    )

  program
    .command('backup')
    .description('write a backup of the database (pg_dump custom format) to FILE')
    .argument('<file>', 'backup file to write')
    .action((file: string) =>
      withRuntime(async ({ server, config }) => {
        runPgTool('pg_dump', ['--format=custom', '--no-owner', '--file', path.resolve(file), '--dbname', server.url])
        say(`backup written to ${path.resolve(file)} (${fs.statSync(path.resolve(file)).size} bytes)`)
        if (!config.databaseUrl) say(`Keep ${path.join(config.dataDir, 'secret.key')} with it: encrypted fields need that key.`)
      }),
    )

  program
    .command('restore')
    .description('replace the database contents with a backup made by `pulih backup` (stop the server first)')
    .argument('<file>', 'backup file to read')
    .action(async (file: string) => {
      if (!fs.existsSync(file)) throw new Error(`no such file: ${file}`)
      await withRuntime(async ({ server }) => {
        if (server.embedded && !server.ownsServer) throw new Error('Pulih is running on this data directory: stop it before restoring')
        runPgTool('pg_restore', ['--clean', '--if-exists', '--no-owner', '--single-transaction', '--exit-on-error', '--dbname', server.url, path.resolve(file)])
        say(`restored ${path.resolve(file)}`)
      })
    })

  return program
}

function runPgTool(tool: 'pg_dump' | 'pg_restore', args: string[]) {
  const result = spawnSync(tool, args, { stdio: ['ignore', 'inherit', 'inherit'] })
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error(`${tool} was not found: install the PostgreSQL client tools (Debian: apt-get install postgresql-client)`)
  }
  if (result.status !== 0) throw new Error(`${tool} failed with exit code ${result.status}`)
}

export async function main(argv = process.argv) {
  try {
    await buildCli().parseAsync(argv)
  } catch (error) {
    const message = error instanceof AppError ? `${error.code}: ${localize(error.code, 'en', error.params)}` : (error as Error).message
    process.stderr.write(`pulih: ${message}\n`)
    process.exitCode = 1
  }
}
