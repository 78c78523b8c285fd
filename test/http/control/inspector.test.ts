import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServer, startServer } from '../../../src/node.js'
import { CHROMIUM_LAUNCH_OPTIONS } from '../../support/chromium.js'
import { control, createGroup } from '../../support/controlCalls.js'
import { DOCUMENTED_ACCOUNT_GROUP } from '../../support/upvest.js'

let running: RunningServer
let browser: Browser
let page: Page
const outside: string[] = []

beforeAll(async () => {
  running = await startServer({ port: 0, scenario: 'default' })
  browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS)
  page = await browser.newPage()
  // Offline: the page may load nothing from anywhere but the sandbox itself.
  page.on('request', (request) => {
    if (!request.url().startsWith(running.url) && !request.url().startsWith('data:')) outside.push(request.url())
  })
}, 60_000)
afterAll(async () => {
  await browser?.close()
  await running?.close()
})

describe('the inspector at /__sandbox/ (Chromium)', () => {
  it('loads and shows the seeded account groups, the group tree with members, and the clock', async () => {
    await page.goto(`${running.url}/__sandbox/`)
    const accountGroups = page.getByTestId('account-groups')
    await accountGroups.getByText(DOCUMENTED_ACCOUNT_GROUP.id).waitFor()
    expect(await accountGroups.locator('tbody tr').count()).toBe(7)
    const groups = page.getByTestId('groups')
    await groups.getByText('Whitaker Education', { exact: true }).waitFor()
    expect(await groups.textContent()).toContain('Whitaker Family Trust (TRUST)')
    expect(await page.getByTestId('clock').textContent()).toMatch(/2025-01-15T09:00:\d\dZ\s*real/)
    expect(await page.getByTestId('outbox').textContent()).toContain('No deliveries')
    expect(outside).toEqual([])
  })

  it('reflects changes made through the API while it is open', async () => {
    await createGroup(running.url, 'Made While Watching')
    await page.getByTestId('groups').getByText('Made While Watching').waitFor({ timeout: 5_000 })
    await page.getByTestId('journal').getByText('/api/v1/groups').first().waitFor({ timeout: 5_000 })

    await fetch(`${running.url}/__sandbox/upvest/account_groups/${DOCUMENTED_ACCOUNT_GROUP.id}/lock`, {
      method: 'POST',
    })
    const row = page.getByTestId('account-groups').locator('tr', { hasText: DOCUMENTED_ACCOUNT_GROUP.id })
    await row.getByText('LOCKED').waitFor({ timeout: 5_000 })

    await control(running.url, 'POST', 'clock/advance', { body: { by: '30d' } })
    await page
      .getByTestId('clock')
      .getByText(/2025-02-14T09:0/)
      .waitFor({ timeout: 5_000 })
  })

  it('drives the sandbox from its buttons, and switches sandboxes by the URL hash', async () => {
    await page.getByRole('button', { name: 'Freeze' }).click()
    await page.getByTestId('clock').getByText('frozen').waitFor()
    expect((await control(running.url, 'GET', 'clock')).body.mode).toBe('frozen')
    await page.getByRole('button', { name: 'Reset' }).click()
    await page
      .getByTestId('clock')
      .getByText(/2025-01-15T09:00/)
      .waitFor()
    expect(await page.getByTestId('groups').textContent()).not.toContain('Made While Watching')

    await createGroup(running.url, 'Only In Other', 'other')
    await page.goto(`${running.url}/__sandbox/#sandbox=other`)
    await page.getByTestId('groups').getByText('Only In Other').waitFor()
  })

  it('works with --control-token when opened with #token=, keeping it when the sandbox changes', async () => {
    const token = 'inspector-t0ken'
    const locked = await startServer({ port: 0, scenario: 'default', controlToken: token })
    const lockedPage = await browser.newPage()
    try {
      await lockedPage.goto(`${locked.url}/__sandbox/#token=${token}`)
      await lockedPage.getByTestId('account-groups').getByText(DOCUMENTED_ACCOUNT_GROUP.id).waitFor()
      await lockedPage.getByRole('button', { name: 'Freeze' }).click()
      await lockedPage.getByTestId('clock').getByText('frozen').waitFor()
      await lockedPage.goto(`${locked.url}/__sandbox/#sandbox=other`)
      await lockedPage.getByTestId('account-groups').getByText(DOCUMENTED_ACCOUNT_GROUP.id).waitFor()
      const clock = await fetch(`${locked.url}/__sandbox/clock`, { headers: { authorization: `Bearer ${token}` } })
      expect((await clock.json()).mode).toBe('frozen')
      expect((await fetch(`${locked.url}/__sandbox/clock`)).status).toBe(401)
    } finally {
      await lockedPage.close()
      await locked.close()
    }
  })
})
