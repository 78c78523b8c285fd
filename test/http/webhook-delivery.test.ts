import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServer, startServer } from '../../src/node.js'
import type { OutboxEntry } from '../../src/upvest/webhooks/batching/outbox.js'
import { FULL, KARL } from '../support/upvestApi.js'
import {
  type DeliveryBody,
  eventually,
  type Jwks,
  type ReceivedRequest,
  verifyDelivery,
} from '../support/webhookReceiver.js'

let running: RunningServer
let receiver: Server
let receiverUrl: string
/** Requests per receiver path, as the real HTTP receiver saw them. */
const received = new Map<string, ReceivedRequest[]>()
/** Receiver paths and the statuses they answer their n-th request with (200 when not listed). */
const answers = new Map<string, number[]>()
/** Receiver paths that do not answer at all until the test lets them; their pending responses. */
const hanging = new Map<string, ((status: number) => void)[]>()

beforeAll(async () => {
  running = await startServer({ port: 0, scenario: 'default' })
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://receiver').pathname
      const list = received.get(path) ?? []
      list.push({
        method: req.method ?? '',
        target: req.url ?? '',
        headers: req.headers as Record<string, string>,
        body: Buffer.concat(chunks).toString('utf8'),
      })
      received.set(path, list)
      const held = hanging.get(path)
      if (held) {
        held.push((status) => res.writeHead(status).end())
        return
      }
      res.statusCode = answers.get(path)?.[list.length - 1] ?? 200
      res.end()
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`
})
afterAll(async () => {
  await running?.close()
  await new Promise((resolve) => receiver?.close(resolve))
})

/** One isolated sandbox of the running server (`x-sandbox-id`), driven over HTTP like a client would. */
function sandbox(id: string) {
  const headers = { 'x-sandbox-id': id }
  let bearer = ''
  const api = async (method: string, path: string, body?: unknown) =>
    fetch(`${running.url}${path}`, {
      method,
      headers: {
        ...headers,
        accept: 'application/json',
        'upvest-client-id': FULL.id,
        authorization: `Bearer ${bearer}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(method === 'POST' ? { 'idempotency-key': crypto.randomUUID() } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  return {
    async login() {
      const response = await fetch(`${running.url}/auth/token`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded', 'upvest-client-id': FULL.id },
        body: new URLSearchParams({
          client_id: FULL.id,
          client_secret: FULL.secret,
          grant_type: 'client_credentials',
          scope: 'accounts:admin webhooks:admin',
        }),
      })
      bearer = (await response.json()).access_token
    },
    api,
    async subscribe(path: string, delay: string): Promise<string> {
      const response = await api('POST', '/webhooks', {
        title: path,
        url: `${receiverUrl}${path}`,
        type: ['ACCOUNT_GROUP'],
        config: { delay },
      })
      expect(response.status).toBe(201)
      return (await response.json()).id
    },
    async openGroup(type: string): Promise<string> {
      const response = await api('POST', '/account_groups', { user_id: KARL, type })
      expect(response.status).toBe(200)
      return (await response.json()).id
    },
    async advance(by: string) {
      const response = await fetch(`${running.url}/__sandbox/clock/advance`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ by }),
      })
      expect(response.status).toBe(200)
    },
    async outbox(): Promise<OutboxEntry[]> {
      const response = await fetch(`${running.url}/__sandbox/webhooks/deliveries`, { headers })
      expect(response.status).toBe(200)
      return (await response.json()).deliveries
    },
  }
}

const payload = (request: ReceivedRequest | undefined) => (JSON.parse(request?.body ?? '{}') as DeliveryBody).payload
const seconds = (timestamp: string | undefined) => Date.parse(timestamp ?? '') / 1000

describe('webhooks on the local server, to a real HTTP receiver', () => {
  it('lets each sandbox deliver on its own: a receiver that hangs in one does not hold up another', async () => {
    hanging.set('/hang', [])
    const slow = sandbox('webhooks-slow')
    const quick = sandbox('webhooks-quick')
    await slow.login()
    await quick.login()
    await slow.subscribe('/hang', '1s')
    await quick.subscribe('/quick', '1s')
    await slow.openGroup('ISA')
    // Both batches fall due a second later by the clocks that follow real time; the hanging one is sent first.
    await eventually(() => received.get('/hang'))
    await quick.openGroup('ISA')
    const [request] = await eventually(() => received.get('/quick'), 5_000)
    expect(payload(request).map((event) => event.type)).toEqual(['ACCOUNT_GROUP.CREATED'])
    expect(hanging.get('/hang')).toHaveLength(1) // still waiting for its answer
    for (const answer of hanging.get('/hang') ?? []) answer(200)
    hanging.delete('/hang')
  })

  it('delivers creation and closure events in one signed batch that verifies against /auth/verify_keys', async () => {
    const box = sandbox('webhooks-batch')
    await box.login()
    const webhook = await box.subscribe('/batch', '1m')
    const group = await box.openGroup('LEGAL_ENTITY')
    expect((await box.api('DELETE', `/account_groups/${group}`)).status).toBe(202)
    await box.advance('5s') // the closure completes after the scenario's closureDelay
    expect(received.get('/batch')).toBeUndefined() // still collecting: the batch goes 1 min after its first event
    await box.advance('1m')

    const [request] = await eventually(() => received.get('/batch'))
    expect(request?.method).toBe('POST')
    expect(request?.headers['content-type']).toBe('application/json')
    expect(payload(request).map((event) => [event.type, event.object.id, event.webhook_id])).toEqual([
      ['ACCOUNT_GROUP.CREATED', group, webhook],
      ['ACCOUNT_GROUP.CLOSING_INITIATED', group, webhook],
      ['ACCOUNT_GROUP.CLOSED', group, webhook],
    ])
    const times = payload(request).map((event) => event.created_at)
    expect([...times].sort()).toEqual(times)

    const jwks = (await (await fetch(`${running.url}/auth/verify_keys`)).json()) as Jwks
    const verified = verifyDelivery(request as ReceivedRequest, jwks)
    expect(verified.keyid).toBe(jwks.keys[0]?.kid)
    // created/expires are wall-clock seconds, so a receiver can check freshness with its own clock.
    expect(Math.abs(verified.created - Date.now() / 1000)).toBeLessThan(120)
    expect(verified.expires).toBeGreaterThan(verified.created)

    const [entry] = await box.outbox()
    expect(entry).toMatchObject({
      webhook_id: webhook,
      url: `${receiverUrl}/batch`,
      state: 'delivered',
      next_attempt_at: null,
      attempts: [{ status: 200, error: null }],
    })
    expect(entry?.events).toEqual(payload(request))
  })

  it('retries a receiver that fails twice after 1 s and 2 s, and the next batch waits behind it', async () => {
    answers.set('/flaky', [500, 500])
    const box = sandbox('webhooks-retry')
    await box.login()
    await box.subscribe('/flaky', '1s')
    const first = await box.openGroup('LEGAL_ENTITY')
    await box.advance('1s') // attempt 1: 500
    const second = await box.openGroup('ISA') // the next batch, due 1 s later
    await box.advance('1s') // attempt 2: 500; the next batch waits
    await box.advance('2s') // attempt 3: 200, then the next batch

    const requests = await eventually(() => (received.get('/flaky')?.length === 4 ? received.get('/flaky') : false))
    expect(requests.map((request) => payload(request)[0]?.object.id)).toEqual([first, first, first, second])
    const jwks = (await (await fetch(`${running.url}/auth/verify_keys`)).json()) as Jwks
    for (const request of requests) verifyDelivery(request, jwks) // every attempt is signed afresh

    const outbox = await eventually(async () => {
      const entries = await box.outbox()
      return entries[1]?.state === 'delivered' && entries
    })
    expect(outbox).toMatchObject([
      { state: 'delivered', attempts: [{ status: 500 }, { status: 500 }, { status: 200 }] },
      { state: 'delivered', attempts: [{ status: 200, error: null }] },
    ])
    const attempts = outbox[0]?.attempts.map((attempt) => seconds(attempt.at)) as number[]
    expect([attempts[1]! - attempts[0]!, attempts[2]! - attempts[1]!]).toEqual([1, 2])
    // The next batch went out only once the failing one was through, in the same moment.
    expect(seconds(outbox[1]?.attempts[0]?.at)).toBe(attempts[2])
    expect(seconds(outbox[1]?.created_at)).toBeLessThan(attempts[1]!)
  })

  it('delivers by itself as the clock follows real time, without any advance', async () => {
    const box = sandbox('webhooks-real-time')
    await box.login()
    await box.subscribe('/by-itself', '1s')
    const group = await box.openGroup('LEGAL_ENTITY')
    const [request] = await eventually(() => received.get('/by-itself'), 10_000)
    expect(payload(request).map((event) => [event.type, event.object.id])).toEqual([['ACCOUNT_GROUP.CREATED', group]])
  })

  it('treats a refused connection as a failure, and redelivers on request once the URL is fixed', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/gone`
    await new Promise((resolve) => closed.close(resolve))

    const box = sandbox('webhooks-refused')
    await box.login()
    const created = await box.api('POST', '/webhooks', { title: 'dead', url: deadUrl, config: { delay: '1s' } })
    const webhook = (await created.json()).id
    await box.openGroup('LEGAL_ENTITY')
    await box.advance('1s')
    const [failing] = await eventually(async () => {
      const entries = await box.outbox()
      return entries[0]?.attempts.length === 1 && entries
    })
    expect(failing).toMatchObject({
      state: 'retrying',
      attempts: [{ status: null, error: 'connection refused (ECONNREFUSED)' }],
    })

    expect((await box.api('PATCH', `/webhooks/${webhook}`, { url: `${receiverUrl}/fixed` })).status).toBe(200)
    const redelivered = await fetch(`${running.url}/__sandbox/webhooks/deliveries/${failing?.id}/redeliver`, {
      method: 'POST',
      headers: { 'x-sandbox-id': 'webhooks-refused' },
    })
    expect(redelivered.status).toBe(200)
    expect(await redelivered.json()).toMatchObject({ id: failing?.id, state: 'delivered', url: `${receiverUrl}/fixed` })
    expect(received.get('/fixed')).toHaveLength(1)

    const unknown = await fetch(`${running.url}/__sandbox/webhooks/deliveries/nope/redeliver`, {
      method: 'POST',
      headers: { 'x-sandbox-id': 'webhooks-refused' },
    })
    expect(unknown.status).toBe(404)
    expect(unknown.headers.get('content-type')).toBe('application/problem+json')
  })
})
