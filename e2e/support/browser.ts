// Headless Chromium (Debian's /usr/bin/chromium driven by playwright-core), accessibility checks
// with axe-core, and TOTP codes that respect the server's one-use-per-30-s-step rule.
import fs from 'node:fs'
import path from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { AxeBuilder } from '@axe-core/playwright'
import { generate } from 'otplib'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const chromiumAvailable = fs.existsSync(CHROMIUM_PATH)
if (!chromiumAvailable) {
  console.warn(`e2e: skipped — Chromium not found at ${CHROMIUM_PATH} (install it with: apt-get install -y chromium)`)
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

export interface Tab {
  context: BrowserContext
  page: Page
  /** Errors the page logged (script errors, CSP refusals), to assert there are none. */
  errors: string[]
}

/** A fresh browser profile (own cookies and storage) with one page, like a different person. */
export async function openTab(browser: Browser, baseURL: string, viewport = { width: 1280, height: 900 }): Promise<Tab> {
  const context = await browser.newContext({ baseURL, viewport, locale: 'id-ID', timezoneId: 'Asia/Jakarta' })
  context.setDefaultTimeout(10_000)
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`))
  page.on('console', (message) => {
    // A 401 from /api/auth/me while signed out is expected; the browser logs it as a failed load.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(message.text())
  })
  return { context, page, errors }
}

const SERIOUS = new Set(['serious', 'critical'])

/** Runs axe on the page as it is; fails on serious or critical violations. */
export async function checkAccessibility(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze()
  const serious = results.violations.filter((violation) => SERIOUS.has(violation.impact ?? ''))
  if (serious.length) {
    const report = serious
      .map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 5).map((node) => `${node.target.join(' ')} — ${node.failureSummary ?? ''}`).join('\n    ')}`)
      .join('\n  ')
    throw new Error(`accessibility violations on ${label} (${page.url()}):\n  ${report}`)
  }
}

/** Saves a screenshot when PULIH_E2E_SCREENSHOTS names a directory (for looking at the layout). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.PULIH_E2E_SCREENSHOTS
  if (!dir) return
  fs.mkdirSync(dir, { recursive: true })
  const width = page.viewportSize()?.width ?? 0
  await page.screenshot({ path: path.join(dir, `${name}-${width}.png`), fullPage: true })
}

/** Page has no horizontal scrolling (content fits the viewport width). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
}

/** The elements that stick out past the right edge of the viewport (for overflow failures). */
export async function widestElements(page: Page): Promise<string> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth
    return [...document.querySelectorAll<HTMLElement>('body *')]
      .filter((element) => element.getBoundingClientRect().right > width + 1)
      .slice(0, 8)
      .map((element) => `${element.tagName.toLowerCase()}.${element.className} (${Math.round(element.getBoundingClientRect().right)}px)`)
      .join(', ')
  })
}

const STEP_SECONDS = 30
const lastStep = new Map<string, number>()

/**
 * A TOTP code for the secret that the server has not seen yet: codes are single-use per
 * 30-second step, so a second code for the same secret waits for the next step.
 */
export async function freshTotp(secret: string): Promise<string> {
  let step = Math.floor(Date.now() / 1000 / STEP_SECONDS)
  const used = lastStep.get(secret)
  if (used !== undefined && step <= used) {
    const wait = (used + 1) * STEP_SECONDS * 1000 - Date.now() + 250
    await new Promise((resolve) => setTimeout(resolve, wait))
    step = Math.floor(Date.now() / 1000 / STEP_SECONDS)
  }
  lastStep.set(secret, step)
  return generate({ secret, epoch: step * STEP_SECONDS })
}
