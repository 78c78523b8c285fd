import { HttpResponse, http } from 'msw'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { startBrowserSandbox } from '../../src/browser.js'
import { ContractViolation } from '../contract/internal/ContractChecker.js'
import { contractChecker } from '../contract/internal/checkEveryExchange.js'
import { ADMIN_HEADERS, DOCUMENTED_GROUP_5 } from '../support/addepar.js'
import { DOCUMENTED_ACCOUNT_GROUP, upvestHeaders, upvestToken } from '../support/upvest.js'

const { sandbox, worker, stop } = await startBrowserSandbox({ scenario: 'default', seed: 1, clock: 'frozen' })
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

  it('checks every response against the documents: an undocumented status rejects its fetch', async () => {
    const headers = upvestHeaders(await upvestToken('https://sandbox.upvest.co'))
    const url = `https://sandbox.upvest.co/account_groups/${DOCUMENTED_ACCOUNT_GROUP.id}`
    // A rule's 503: retrieve_account_group does not document it, and nothing in the request asked for it.
    await sandbox.control.addFault({ path: '/account_groups/*', status: 503, count: 1 })
    await expect(fetch(url, { headers })).rejects.toBeInstanceOf(ContractViolation)
    // Taken back, so that this file does not fail for the violation it provoked on purpose.
    expect(
      contractChecker()
        .violations.splice(0)
        .map((violation) => violation.check.errors),
    ).toEqual([[expect.stringContaining('status 503 is not documented for retrieve_account_group')]])
    // The same status asked for by the request itself is within the contract.
    expect((await fetch(url, { headers: { ...headers, prefer: 'code=503' } })).status).toBe(503)
  })

  it('keeps state in the page: a change made through the store is what the API then serves', async () => {
    sandbox.store.addeparGroups.delete('5')
    const gone = await fetch('https://examplefirm.addepar.com/api/v1/groups/5', { headers: ADMIN_HEADERS })
    expect(gone.status).toBe(404)
    await sandbox.reset()
    const back = await fetch('https://examplefirm.addepar.com/api/v1/groups/5', { headers: ADMIN_HEADERS })
    expect(back.status).toBe(200)
  })

  it("queries the store in the page with @msw/data's query builder, which the browser entry brings", () => {
    const found = sandbox.store.addeparGroups.findMany((q) => q.where({ firm_id: (firm) => firm === '123' }))
    expect(found.map((group) => group.id)).toContain('5')
    expect(sandbox.store.addeparGroups.findFirst((q) => q.where({ id: '5' }))?.name).toBe(
      DOCUMENTED_GROUP_5.data.attributes.name,
    )
  })

  it('delivers webhooks in the page to a receiver the app mocks, listed in the outbox', async () => {
    const received: unknown[] = []
    worker.use(
      http.post('https://hooks.example.test/upvest', async ({ request }) => {
        received.push(await request.json())
        return new HttpResponse(null, { status: 200 })
      }),
    )
    const headers = {
      ...upvestHeaders(await upvestToken('https://sandbox.upvest.co', 'webhooks:admin accounts:admin')),
      'content-type': 'application/json',
    }
    const subscription = await fetch('https://sandbox.upvest.co/webhooks', {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify({ title: 'page', url: 'https://hooks.example.test/upvest', type: ['ACCOUNT_GROUP'] }),
    })
    expect(subscription.status).toBe(201)
    const created = await fetch('https://sandbox.upvest.co/account_groups', {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify({ user_id: '83d83ec2-d2ca-49ff-bbea-b92b5c3be202', type: 'ISA' }),
    })
    const group = await created.json()
    await sandbox.clock.advance('5s')
    expect(received).toEqual([{ payload: [expect.objectContaining({ type: 'ACCOUNT_GROUP.CREATED', object: group })] }])
    expect(sandbox.webhooks.deliveries().map((d) => d.state)).toEqual(['delivered'])
  })

  it('logs a scheduled job that fails, rather than leaving the page an unhandled rejection', async () => {
    const unhandled: unknown[] = []
    const onUnhandled = (event: PromiseRejectionEvent) => {
      unhandled.push(event.reason)
      event.preventDefault()
    }
    addEventListener('unhandledrejection', onUnhandled)
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      sandbox.scheduler.register('failing-test-job', () => {
        throw new Error('the job failed')
      })
      await sandbox.scheduler.schedule('failing-test-job', 0, {})
      await vi.waitFor(() =>
        expect(logged).toHaveBeenCalledWith(expect.stringContaining('job failed'), expect.any(Error)),
      )
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect(unhandled).toEqual([])
    } finally {
      logged.mockRestore()
      removeEventListener('unhandledrejection', onUnhandled)
    }
  })
})
