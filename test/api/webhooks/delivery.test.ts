import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import defaultScenario from '../../../scenarios/default.json' with { type: 'json' }
import { createSandbox, type ScenarioInput } from '../../../src/index.js'
import { UpvestError } from '../../../src/upvest/protocol/UpvestError.js'
import { call, GROUPS, KARL, token, UPVEST } from '../../support/upvestApi.js'
import {
  type DeliveryBody,
  eventually,
  type Jwks,
  type ReceivedRequest,
  verifyDelivery,
} from '../../support/webhookReceiver.js'

const RECEIVER = 'https://receiver.example/upvest/hooks'
const START = Date.parse('2025-01-15T09:00:00Z')
const at = (seconds: number) => new Date(START + seconds * 1000).toISOString().replace('.000Z', 'Z')

const sandbox = await createSandbox({ scenario: 'default', seed: 1 })
let received: ReceivedRequest[] = []
/** The status the receiver answers the n-th request with (0-based); 200 unless a test says otherwise. */
let status: (n: number) => number = () => 200
const server = setupServer(
  ...sandbox.handlers,
  http.post(RECEIVER, async ({ request }) => {
    const url = new URL(request.url)
    received.push({
      method: request.method,
      target: url.pathname + url.search,
      headers: Object.fromEntries(request.headers),
      body: await request.text(),
    })
    return new HttpResponse(null, { status: status(received.length - 1) })
  }),
)

let admin: string
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterAll(() => server.close())
beforeEach(async () => {
  server.resetHandlers()
  await sandbox.reset()
  received = []
  status = () => 200
  admin = await token('webhooks:admin accounts:admin')
})

const payload = (request: ReceivedRequest | undefined) => (JSON.parse(request?.body ?? '{}') as DeliveryBody).payload
async function subscribe(body: Record<string, unknown> = {}): Promise<string> {
  const response = await call('/webhooks', {
    method: 'POST',
    token: admin,
    body: { title: 'hooks', url: RECEIVER, type: ['ACCOUNT_GROUP'], ...body },
  })
  expect(response.status).toBe(201)
  return (await response.json()).id
}
async function openGroup(type = 'LEGAL_ENTITY'): Promise<string> {
  const response = await call('/account_groups', { method: 'POST', token: admin, body: { user_id: KARL, type } })
  expect(response.status).toBe(200)
  return (await response.json()).id
}
const close = async (id: string) =>
  expect((await call(`/account_groups/${id}`, { method: 'DELETE', token: admin })).status).toBe(202)

describe('in-process delivery (setupServer, the receiver is an msw handler)', () => {
  it('delivers creation and closure events in one batch, signed with the published key', async () => {
    const webhook = await subscribe({ config: { delay: '10s' } })
    const group = await openGroup()
    await close(group)
    await sandbox.clock.advance('5s') // the closure completes (closureDelay 5s), within the batch window
    expect(received).toEqual([])
    await sandbox.clock.advance('5s')

    expect(received).toHaveLength(1)
    const [request] = received as [ReceivedRequest]
    expect(request.method).toBe('POST')
    expect(request.headers['content-type']).toBe('application/json')
    expect(payload(request)).toEqual([
      expect.objectContaining({ type: 'ACCOUNT_GROUP.CREATED', created_at: at(0), webhook_id: webhook }),
      expect.objectContaining({ type: 'ACCOUNT_GROUP.CLOSING_INITIATED', created_at: at(0), webhook_id: webhook }),
      expect.objectContaining({ type: 'ACCOUNT_GROUP.CLOSED', created_at: at(5), webhook_id: webhook }),
    ])
    for (const event of payload(request)) {
      expect(Object.keys(event).sort()).toEqual(['created_at', 'id', 'object', 'type', 'webhook_id'])
      expect(event.object.id).toBe(group)
    }
    expect(payload(request).map((event) => event.object.status)).toEqual(['ACTIVE', 'CLOSING', 'CLOSED'])

    const jwks = (await (await fetch(`${UPVEST}/auth/verify_keys`)).json()) as Jwks
    const verified = verifyDelivery(request, jwks)
    expect(verified.keyid).toBe(jwks.keys[0]?.kid)
    expect(verified.components).toEqual(['@method', '@path', 'content-type', 'digest'])
    // A tampered body no longer verifies.
    expect(() => verifyDelivery({ ...request, body: request.body.replace('CLOSED', 'ACTIVE') }, jwks)).toThrow()

    expect(sandbox.webhooks.deliveries()).toMatchObject([
      { webhook_id: webhook, url: RECEIVER, state: 'delivered', attempts: [{ at: at(10), status: 200, error: null }] },
    ])
  })

  it('signs @query too when the URL has one', async () => {
    await subscribe({ url: `${RECEIVER}?tenant=acme`, config: { delay: '1s' } })
    await openGroup()
    await sandbox.clock.advance('1s')
    const jwks = (await (await fetch(`${UPVEST}/auth/verify_keys`)).json()) as Jwks
    expect(verifyDelivery(received[0] as ReceivedRequest, jwks).components).toEqual([
      '@method',
      '@path',
      '@query',
      'content-type',
      'digest',
    ])
  })

  it('lets a contract test await an event without any subscription or receiver', async () => {
    const waiting = sandbox.webhooks.next('ACCOUNT_GROUP.CLOSED', { timeout: 5_000 })
    await close(GROUPS.karlPersonal)
    await sandbox.clock.advance('5s')
    const closed = await waiting
    expect(closed).toMatchObject({ type: 'ACCOUNT_GROUP.CLOSED', created_at: at(5), object: { status: 'CLOSED' } })
    // Events already recorded are returned too, each once, in order.
    expect((await sandbox.webhooks.next('ACCOUNT_GROUP')).type).toBe('ACCOUNT_GROUP.CLOSING_INITIATED')
    await expect(sandbox.webhooks.next('ACCOUNT_GROUP', { timeout: 50 })).rejects.toThrow(/no such event/)
    expect(sandbox.webhooks.deliveries()).toEqual([])
    expect(received).toEqual([])
  })

  it('retries a failing batch after 1 s and 2 s, and the next batch waits behind it', async () => {
    status = (n) => (n < 2 ? 500 : 200)
    await subscribe({ config: { delay: '1s' } })
    const first = await openGroup('LEGAL_ENTITY')
    await sandbox.clock.advance('1s') // attempt 1 at 1 s: 500
    const second = await openGroup('ISA') // a new batch, due at 2 s
    await sandbox.clock.advance('1s') // attempt 2 at 2 s: 500; the second batch waits
    expect(received.map((r) => payload(r)[0]?.object.id)).toEqual([first, first])
    await sandbox.clock.advance('1s')
    expect(received).toHaveLength(2) // the retry is due at 4 s
    await sandbox.clock.advance('1s') // attempt 3 at 4 s: 200, then the second batch
    expect(received.map((r) => payload(r)[0]?.object.id)).toEqual([first, first, first, second])
    expect(sandbox.webhooks.deliveries()).toMatchObject([
      {
        state: 'delivered',
        attempts: [
          { at: at(1), status: 500 },
          { at: at(2), status: 500 },
          { at: at(4), status: 200 },
        ],
      },
      { state: 'delivered', attempts: [{ at: at(4), status: 200 }] },
    ])
  })

  it('sends a test event at once on POST /webhooks/{id}/test', async () => {
    const webhook = await subscribe()
    expect((await call(`/webhooks/${webhook}/test`, { method: 'POST', token: admin })).status).toBe(202)
    await eventually(() => received.length === 1)
    expect(payload(received[0])).toEqual([
      {
        id: expect.any(String),
        created_at: at(0),
        type: 'WEBHOOK.TEST',
        object: expect.objectContaining({ id: webhook, url: RECEIVER }),
        webhook_id: webhook,
      },
    ])
    await eventually(() => sandbox.webhooks.deliveries()[0]?.state === 'delivered')
  })

  it('records a network error as a failed attempt', async () => {
    server.use(http.post('https://down.example/hooks', () => HttpResponse.error()))
    await subscribe({ url: 'https://down.example/hooks', config: { delay: '1s' } })
    await openGroup()
    await sandbox.clock.advance('1s')
    expect(sandbox.webhooks.deliveries()).toMatchObject([
      {
        state: 'retrying',
        next_attempt_at: at(2),
        attempts: [{ at: at(1), status: null, error: expect.stringMatching(/^TypeError: /) }],
      },
    ])
  })

  it('redelivers: a failing batch at once, a delivered one as a copy; a waiting one is a conflict', async () => {
    status = (n) => (n === 0 ? 503 : 200)
    await subscribe({ config: { delay: '1s' } })
    await openGroup('LEGAL_ENTITY')
    await sandbox.clock.advance('1s')
    await openGroup('ISA')
    const [failing, waiting] = sandbox.webhooks.deliveries()
    expect(failing).toMatchObject({ state: 'retrying', next_attempt_at: at(2) })
    await expect(sandbox.webhooks.redeliver(waiting?.id as string)).rejects.toThrow(UpvestError)
    await sandbox.clock.advance('500ms')
    const retried = await sandbox.webhooks.redeliver(failing?.id as string)
    expect(retried).toMatchObject({ state: 'delivered', attempts: [{ status: 503 }, { at: at(1), status: 200 }] })

    await sandbox.clock.advance('500ms') // the second batch goes at 2 s
    const copy = await sandbox.webhooks.redeliver(failing?.id as string)
    expect(copy.id).not.toBe(failing?.id)
    expect(copy).toMatchObject({ state: 'delivered', events: failing?.events, attempts: [{ at: at(2), status: 200 }] })
    expect(received.map((r) => payload(r)[0]?.id)).toEqual([
      failing?.events[0]?.id,
      failing?.events[0]?.id,
      waiting?.events[0]?.id,
      failing?.events[0]?.id,
    ])
    await expect(sandbox.webhooks.redeliver('00000000-0000-4000-8000-000000000000')).rejects.toThrow(/not found/)
  })

  it('queues nothing for a disabled subscription, and pauses its queue until it is enabled again', async () => {
    const webhook = await subscribe({ config: { delay: '1s' } })
    await openGroup('LEGAL_ENTITY')
    const disable = (enabled: boolean) =>
      call(`/webhooks/${webhook}`, { method: 'PATCH', token: admin, body: { enabled } })
    await disable(false)
    await openGroup('ISA')
    await sandbox.clock.advance('10s')
    expect(received).toEqual([])
    expect(sandbox.webhooks.deliveries()).toMatchObject([{ state: 'pending', events: [{}] }])
    await disable(true)
    await sandbox.clock.advance(0)
    expect(received.map((r) => payload(r).length)).toEqual([1])
  })

  it('delivers to subscriptions declared in the scenario', async () => {
    const scenario = structuredClone(defaultScenario) as typeof defaultScenario & { upvest: { webhooks: unknown[] } }
    const declared = '0f8a6a8e-4b7c-4d2e-9f1a-2b3c4d5e6f70'
    scenario.upvest.webhooks = [
      { id: declared, title: 'declared', url: RECEIVER, config: { delay: '2s', max_package_size: 4096 } },
    ]
    const seeded = await createSandbox({
      scenario: scenario as ScenarioInput,
      baseUrls: { upvest: 'https://seeded.upvest.example/' },
    })
    server.use(...seeded.handlers)
    const base = 'https://seeded.upvest.example'
    const seededToken = await token('accounts:admin', undefined, base)
    const response = await call('/account_groups', {
      method: 'POST',
      base,
      token: seededToken,
      body: { user_id: KARL, type: 'ISA' },
    })
    expect(response.status).toBe(200)
    await seeded.clock.advance('2s')
    expect(received.map((r) => payload(r).map((event) => [event.type, event.webhook_id]))).toEqual([
      [['ACCOUNT_GROUP.CREATED', declared]],
    ])
  })

  it('keeps the outbox and its schedule in the state: a restored sandbox goes on retrying', async () => {
    status = () => 500
    await subscribe({ config: { delay: '1s' } })
    await openGroup()
    await sandbox.clock.advance('2s')
    const state = sandbox.exportState()
    expect(state.store.tables.upvestDeliveries).toHaveLength(1)
    expect(state.store.tables.jobs).toContainEqual(expect.objectContaining({ kind: 'upvest.webhook.delivery' }))

    const restored = await createSandbox({ scenario: 'default', seed: 1 })
    await restored.importState(state)
    expect(restored.webhooks.deliveries()).toEqual(sandbox.webhooks.deliveries())
    status = () => 200
    received = []
    await restored.clock.advance('2s') // the third attempt, due at 4 s
    expect(received).toHaveLength(1)
    expect(restored.webhooks.deliveries()[0]).toMatchObject({
      state: 'delivered',
      attempts: [{ at: at(1) }, { at: at(2) }, { at: at(4), status: 200 }],
    })
  })
})
