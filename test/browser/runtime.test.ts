import { afterAll, describe, expect, it } from 'vitest'
import { startBrowserSandbox } from '../../src/browser.js'
import { ADMIN_HEADERS, DOCUMENTED_GROUP_5 } from '../support/addepar.js'
import { DOCUMENTED_ACCOUNT_GROUP, upvestHeaders, upvestToken } from '../support/upvest.js'

const { sandbox, stop } = await startBrowserSandbox({ scenario: 'default', seed: 1 })
afterAll(() => stop())

describe('browser runtime (service worker in Chromium)', () => {
  it('has a service worker really controlling the page', () => {
    expect(navigator.userAgent).toContain('Chrome')
    expect(navigator.serviceWorker.controller).not.toBeNull()
    expect(navigator.serviceWorker.controller?.scriptURL).toMatch(/mockServiceWorker\.js$/)
  })

  it('answers GET /account_groups/{id} on the real Upvest origin, and its 404', async () => {
    const headers = upvestHeaders(await upvestToken('https://sandbox.upvest.co'))
    const ok = await fetch(`https://sandbox.upvest.co/account_groups/${DOCUMENTED_ACCOUNT_GROUP.id}`, { headers })
    expect(ok.status).toBe(200)
    expect(await ok.json()).toEqual(DOCUMENTED_ACCOUNT_GROUP)
    const missing = await fetch('https://sandbox.upvest.co/account_groups/00000000-0000-4000-8000-000000000000', {
      headers,
    })
    expect(missing.status).toBe(404)
    expect(missing.headers.get('content-type')).toBe('application/problem+json')
    expect((await missing.json()).status).toBe(404)
  })

  it('answers GET /api/v1/groups/:id on the real Addepar origin, and its 404', async () => {
    const ok = await fetch('https://examplefirm.addepar.com/api/v1/groups/5', { headers: ADMIN_HEADERS })
    expect(ok.status).toBe(200)
    expect(ok.headers.get('content-type')).toBe('application/vnd.api+json')
    expect(await ok.json()).toEqual(DOCUMENTED_GROUP_5)
    const missing = await fetch('https://examplefirm.addepar.com/api/v1/groups/999', { headers: ADMIN_HEADERS })
    expect(missing.status).toBe(404)
    expect((await missing.json()).errors[0]).toMatchObject({ status: '404', title: 'Not Found' })
  })

  it('keeps state in the page: a change made through the store is what the API then serves', async () => {
    sandbox.store.addeparGroups.delete('5')
    const gone = await fetch('https://examplefirm.addepar.com/api/v1/groups/5', { headers: ADMIN_HEADERS })
    expect(gone.status).toBe(404)
    await sandbox.reset()
    const back = await fetch('https://examplefirm.addepar.com/api/v1/groups/5', { headers: ADMIN_HEADERS })
    expect(back.status).toBe(200)
  })
})
