import { type Browser, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServer, startServer } from '../../../src/node.js'
import { unwrapFetch } from '../../contract/internal/ContractChecker.js'
import { CHROMIUM_LAUNCH_OPTIONS } from '../../support/chromium.js'
import { startCli } from '../../support/startCli.js'
import { upvestHeaders, upvestToken } from '../../support/upvest.js'
import { startDriftedUpstream, type Upstream } from './upstreams.js'

// The drifted answer is outside the contract on purpose: read with the fetch under the suite's check.
const rawFetch = unwrapFetch(globalThis.fetch) ?? globalThis.fetch

let faithful: RunningServer
let drifted: Upstream
let browser: Browser

beforeAll(async () => {
  faithful = await startServer({ port: 0, scenario: 'default' })
  drifted = await startDriftedUpstream(faithful.url)
  browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS)
}, 60_000)
afterAll(async () => {
  await browser?.close()
  await drifted?.close()
  await faithful?.close()
})

describe('the inspector in proxy mode (Chromium)', () => {
  it('shows each drift finding in its Drift panel', async () => {
    const { url } = await startCli(['proxy', '--port', '0', '--upvest-upstream', drifted.url])
    const page = await browser.newPage()
    await page.goto(`${url}/__sandbox/`)
    const panel = page.getByTestId('drift')
    await panel.getByText('No drift seen').waitFor()

    const token = await upvestToken(url, 'users:read')
    expect((await rawFetch(`${url}/users`, { headers: upvestHeaders(token) })).status).toBe(200)
    await panel.getByText('/body/data/0/nickname').waitFor({ timeout: 5_000 })
    expect(await panel.locator('tbody tr').count()).toBe(1)
    expect(await panel.textContent()).toContain('upvest list_usersfield-extra')
  })
})
