import crypto from 'node:crypto'
import type { Database } from '../db/database.ts'
import type { Keys } from '../platform/secrets.ts'
import { encrypt } from '../platform/secrets.ts'
import { totpUri } from '../platform/auth/totp.ts'
import { SECOND_FACTOR_ROLES, type OrganisationKind, type Role } from '../platform/access/roles.ts'
import { cliContext, type AuditContext } from '../platform/audit/audit.service.ts'
import * as users from '../platform/auth/users.repository.ts'
import { createOrganisation, createUserWithPassword, findOrganisationByName, ministryOrganisation } from '../modules/identity/index.ts'
import { seedDemoFirms, seedDemoOwnerFirm } from '../modules/registry/index.ts'
import { seedDemoAssessment } from '../modules/assessment/index.ts'
import { seedDemoListings, seedDemoMarketplacePipeline, seedDemoSales, seedDemoWorkshops } from '../modules/marketplace/index.ts'

/** The password of every demo account. Demo data lives in its own data directory (`npm run demo`). */
export const DEMO_PASSWORD = 'Pulih-Demo-2026!'

interface DemoOrganisation {
  kind: OrganisationKind
  name: string
  provinceCode?: string
  regencyCode?: string
  countries?: string[]
}

interface DemoUser {
  email: string
  name: string
  role: Role
  organisation: DemoOrganisation | 'ministry'
}

const DEMO_USERS: DemoUser[] = [
  { email: 'admin@demo.pulih.id', name: 'Rina Wulandari', role: 'admin', organisation: 'ministry' },
  { email: 'petugas@demo.pulih.id', name: 'Budi Santoso', role: 'officer', organisation: 'ministry' },
  {
    email: 'dinas.jabar@demo.pulih.id',
    name: 'Asep Hidayat',
    role: 'regional_officer',
    organisation: { kind: 'regional_office', name: 'Dinas Perindustrian dan Perdagangan Provinsi Jawa Barat', provinceCode: '32' },
  },
  {
    email: 'pemilik@demo.pulih.id',
    name: 'Siti Rahmawati',
    role: 'firm_owner',
    organisation: { kind: 'firm', name: 'CV Batik Sekar Jagad', provinceCode: '32', regencyCode: '32.04' },
  },
  {
    email: 'mitra@demo.pulih.id',
    name: 'Dewi Lestari',
    role: 'marketplace_partner',
    organisation: { kind: 'marketplace', name: 'Tokopedia' },
  },
  {
    email: 'pemasok@demo.pulih.id',
    name: 'Hendra Gunawan',
    role: 'supplier',
    organisation: { kind: 'supplier', name: 'Asosiasi Pertekstilan Indonesia', provinceCode: '31' },
  },
  {
    email: 'bank@demo.pulih.id',
    name: 'Agus Firmansyah',
    role: 'bank_officer',
    organisation: { kind: 'bank', name: 'Bank Rakyat Indonesia' },
  },
  {
    email: 'atase.tokyo@demo.pulih.id',
    name: 'Maya Putri',
    role: 'attache',
    organisation: { kind: 'embassy', name: 'Atase Perindustrian KBRI Tokyo', countries: ['JP'] },
  },
  {
    email: 'buyer@demo.pulih.id',
    name: 'Kenji Tanaka',
    role: 'buyer',
    organisation: { kind: 'buyer', name: 'Yamato Trading Co., Ltd.', countries: ['JP'] },
  },
]

/** Deterministic demo seeds, so the printed authenticator secrets stay valid between demo runs. */
function demoTotpSecret(email: string): string {
  const bytes = crypto.createHash('sha256').update(`pulih-demo-totp:${email}`).digest().subarray(0, 20)
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  let bits = ''
  for (const byte of bytes) bits += byte.toString(2).padStart(8, '0')
  return bits.match(/.{5}/g)!.map((chunk) => alphabet[parseInt(chunk, 2)]).join('')
}

export interface DemoLogin {
  role: Role
  email: string
  password: string
  totpSecret: string | null
  otpauthUri: string | null
}

/** Fills the database with the demo data set; running it again adds only what is missing. */
export async function seedDemo(
  db: Database,
  keys: Keys,
  audit: AuditContext = cliContext(),
  options: { firms?: number } = {},
): Promise<DemoLogin[]> {
  const logins: DemoLogin[] = []
  const ministry = await ministryOrganisation(db)
  for (const demo of DEMO_USERS) {
    const totpSecret = SECOND_FACTOR_ROLES.has(demo.role) ? demoTotpSecret(demo.email) : null
    logins.push({
      role: demo.role,
      email: demo.email,
      password: DEMO_PASSWORD,
      totpSecret,
      otpauthUri: totpSecret ? totpUri(totpSecret, demo.email) : null,
    })
    if (await users.findByEmail(db, demo.email)) continue
    let organisationId = ministry.id
    if (demo.organisation !== 'ministry') {
      const existing = await findOrganisationByName(db, demo.organisation.kind, demo.organisation.name)
      organisationId = existing?.id ?? (await createOrganisation(db, null, audit, demo.organisation, { trusted: true })).id
    }
    const created = await createUserWithPassword(db, keys, audit, {
      email: demo.email,
      name: demo.name,
      role: demo.role,
      organisationId,
      password: DEMO_PASSWORD,
    })
    if (totpSecret) await users.update(db, created.user.id, { totp_secret_enc: encrypt(keys.encryption, totpSecret) })
  }
  await seedDemoFirms(db, keys, audit, options.firms ?? 3000)
  const ownerOrganisation = await findOrganisationByName(db, 'firm', 'CV Batik Sekar Jagad')
  if (ownerOrganisation) await seedDemoOwnerFirm(db, keys, audit, ownerOrganisation.id)
  await seedDemoAssessment(db, audit)
  await seedDemoMarketplacePipeline(db, audit)
  await seedDemoWorkshops(db, audit)
  await seedDemoSales(db, audit)
  await seedDemoListings(db, audit)
  return logins
}
