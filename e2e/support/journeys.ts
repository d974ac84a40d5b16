// Steps every browser journey shares: accepting an invitation over the API, signing in through
// the real login page (with the second factor when the role has one), and visiting a page with
// its accessibility check and screenshot.
import { expect } from 'vitest'
import type { Page } from 'playwright-core'
import { generate } from 'otplib'
import type { TestClient } from '../../test/app.ts'
import { checkAccessibility, freshTotp, screenshot } from './browser.ts'

/** The token of an invitation or setup link (`…/invite#token=…`). */
export function tokenOf(link: string): string {
  return new URLSearchParams(new URL(link).hash.slice(1)).get('token') ?? ''
}

/** Accepts an invitation (or the setup link) and enrols an authenticator; returns its TOTP secret. */
export async function acceptAndEnrol(client: TestClient, body: Record<string, string>): Promise<string> {
  const accepted = await client.post('/api/invitations/accept', body)
  expect(accepted.statusCode, accepted.body).toBe(200)
  const enrolment = await client.post('/api/auth/totp/enrolment', {})
  expect(enrolment.statusCode, enrolment.body).toBe(200)
  const secret: string = enrolment.json().secret
  // The previous time step: the next sign-in in the browser uses the current one (codes are single use).
  const previousStep = Math.floor(Date.now() / 1000 / 30) - 1
  const confirmed = await client.post('/api/auth/totp/enrolment/confirm', { code: await generate({ secret, epoch: previousStep * 30 }) })
  expect(confirmed.statusCode, confirmed.body).toBe(200)
  return secret
}

/** Waits for the page's level-1 heading. */
export async function heading(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole('heading', { level: 1, name }).waitFor()
}

/** Signs in through the login page; `secret` for roles with a second factor. Ends on the home page. */
export async function signIn(page: Page, person: { email: string; password: string }, secret?: string | null): Promise<void> {
  await page.goto('/login')
  await heading(page, 'Masuk')
  await page.getByLabel('Email').fill(person.email)
  await page.getByLabel('Kata sandi', { exact: true }).fill(person.password)
  await page.getByRole('button', { name: 'Masuk' }).click()
  if (secret) {
    await heading(page, 'Kode autentikator')
    await page.getByLabel('Kode 6 angka').fill(await freshTotp(secret))
    await page.getByRole('button', { name: 'Verifikasi' }).click()
  }
  await heading(page, /Selamat datang/)
}

/** Opens a page, waits for its title, checks accessibility and keeps a screenshot. */
export async function visit(page: Page, path: string, title: string | RegExp, label: string): Promise<void> {
  await page.goto(path)
  await heading(page, title)
  await checkAccessibility(page, label)
  await screenshot(page, label)
}
