import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ANNA, FULL, GROUPS, KARL, READ_ONLY } from '../../../test/support/upvestApi.js'
import { createSandbox } from '../../index.js'
import { closeAccountGroup, closureRequest } from '../accountGroups/closeAccountGroup.js'
import { createAccountGroup } from '../accountGroups/createAccountGroup.js'
import { exclusive } from '../idempotency/exclusive.js'
import { batchEvent } from './batching/batchEvent.js'
import { packageSize } from './batching/packageSize.js'
import type { WebhookEvent } from './batching/toWebhookEvent.js'
import { deliveryBody } from './delivery/deliveryBody.js'
import { MAX_DELIVERED_BATCHES } from './delivery/forgetDeliveredBatches.js'
import { MAX_ATTEMPTS_KEPT } from './delivery/recordAttempt.js'
import { retryDelay } from './delivery/retryDelay.js'
import { sendDelivery } from './delivery/sendDelivery.js'
import { type CreateWebhookRequest, createWebhook } from './subscriptions/createWebhook.js'
import { subscribes } from './subscriptions/subscribes.js'
import { testWebhook } from './subscriptions/testWebhook.js'
import { updateWebhook } from './subscriptions/updateWebhook.js'

const START = Date.parse('2025-01-15T09:00:00Z')
const at = (seconds: number) => new Date(START + seconds * 1000).toISOString().replace('.000Z', 'Z')

const sandbox = await createSandbox({ scenario: 'default', seed: 1 })

/** Every POST the sandbox made, answered by `answer` (200 unless it says otherwise); no HTTP involved. */
let posts: { url: string; body: { payload: WebhookEvent[] }; headers: Headers }[] = []
let answer: (index: number) => Response | Promise<Response> = () => new Response(null, { status: 200 })

beforeEach(async () => {
  await sandbox.reset()
  posts = []
  answer = () => new Response(null, { status: 200 })
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    posts.push({ url, body: JSON.parse(String(init.body)), headers: new Headers(init.headers) })
    return answer(posts.length - 1)
  })
})
afterEach(() => {
  vi.unstubAllGlobals()
})

const subscribe = (config: { delay?: string; max_package_size?: number } = {}, type?: CreateWebhookRequest['type']) =>
  createWebhook(sandbox.upvest, FULL.id, {
    title: 'hooks',
    url: 'http://127.0.0.1:9/hooks',
    config,
    ...(type ? { type } : {}),
  })
const open = (type: 'LEGAL_ENTITY' | 'ISA' | 'CHILD', user = KARL) =>
  exclusive(sandbox.upvest, () => createAccountGroup(sandbox.upvest, FULL.id, { user_id: user, type }))
const deliveries = (filter?: { webhook_id?: string }) => sandbox.webhooks.deliveries(filter)
const types = (events: { type: string }[]) => events.map((event) => event.type)

describe('retryDelay', () => {
  it('waits 1, 2, 3, 5, 8, 13 … seconds, each the sum of the two before, capped at 600 s', () => {
    const schedule = Array.from({ length: 16 }, (_, i) => retryDelay(i + 1) / 1000)
    expect(schedule).toEqual([1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 600, 600, 600])
    expect(retryDelay(1000)).toBe(600_000)
    expect(() => retryDelay(0)).toThrow(RangeError)
  })
})

describe('subscribes', () => {
  it('selects an event by its category or ALL', () => {
    expect(subscribes({ type: ['ALL'] }, 'ACCOUNT_GROUP.CLOSED')).toBe(true)
    expect(subscribes({ type: ['USER', 'ACCOUNT_GROUP'] }, 'ACCOUNT_GROUP.CREATED')).toBe(true)
    expect(subscribes({ type: ['USER', 'ACCOUNT'] }, 'ACCOUNT_GROUP.CREATED')).toBe(false)
  })
})

describe('queueing events', () => {
  it('queues an event for each enabled subscription of the same client that selects it', async () => {
    const all = await subscribe()
    const groups = await subscribe({}, ['ACCOUNT_GROUP'])
    await subscribe({}, ['USER'])
    const disabled = await subscribe()
    await updateWebhook(sandbox.upvest, FULL.id, disabled.id, { enabled: false })
    await createWebhook(sandbox.upvest, READ_ONLY.id, { title: 'other tenant', url: 'http://127.0.0.1:9/' })
    const group = await open('LEGAL_ENTITY')
    const queued = deliveries()
    expect(queued.map((d) => d.webhook_id)).toEqual([all.id, groups.id])
    const event = await sandbox.webhooks.next('ACCOUNT_GROUP.CREATED')
    for (const delivery of queued) {
      expect(delivery.events).toEqual([{ ...event, webhook_id: delivery.webhook_id }])
      expect(delivery.events[0]?.object).toEqual(group)
    }
  })

  it('batches the events of `delay` from the first one, then starts the next batch', async () => {
    const webhook = await subscribe({ delay: '5s' })
    await open('LEGAL_ENTITY')
    await sandbox.clock.advance('4s')
    await exclusive(sandbox.upvest, () =>
      closeAccountGroup(sandbox.upvest, FULL.id, GROUPS.karlPersonal, closureRequest.parse({})),
    )
    expect(deliveries()).toMatchObject([{ state: 'pending', next_attempt_at: at(5) }])
    expect(posts).toEqual([])

    await sandbox.clock.advance('1s') // the batch is sent at 5 s; the closure completes at 9 s
    expect(posts.map((post) => types(post.body.payload))).toEqual([
      ['ACCOUNT_GROUP.CREATED', 'ACCOUNT_GROUP.CLOSING_INITIATED'],
    ])
    await sandbox.clock.advance('10s')
    expect(posts.map((post) => types(post.body.payload))).toEqual([
      ['ACCOUNT_GROUP.CREATED', 'ACCOUNT_GROUP.CLOSING_INITIATED'],
      ['ACCOUNT_GROUP.CLOSED'],
    ])
    expect(deliveries()).toMatchObject([
      { webhook_id: webhook.id, state: 'delivered', attempts: [{ at: at(5), status: 200, error: null }] },
      { webhook_id: webhook.id, state: 'delivered', attempts: [{ at: at(14), status: 200, error: null }] },
    ])
    // The body: events in created_at order, each naming the subscription.
    expect(posts[0]?.body.payload.map((event) => [event.created_at, event.webhook_id])).toEqual([
      [at(0), webhook.id],
      [at(4), webhook.id],
    ])
  })

  it('splits a batch that would exceed max_package_size, and sends an oversized event alone', async () => {
    await open('LEGAL_ENTITY')
    const one: WebhookEvent = { ...(await sandbox.webhooks.next()), webhook_id: GROUPS.documented }
    const oneSize = packageSize([one])
    const webhook = await subscribe({ delay: '5s', max_package_size: 2 * oneSize + 10 })
    const events = Array.from({ length: 5 }, (_, i) => ({
      ...one,
      id: `00000000-0000-4000-8000-00000000000${i}`,
      webhook_id: webhook.id,
    }))
    for (const event of events) await batchEvent(sandbox.upvest, sandbox.store.upvestWebhooks.get(webhook.id)!, event)
    const batches = deliveries()
    expect(batches.map((b) => b.events.map((e) => e.id))).toEqual([
      [events[0]?.id, events[1]?.id],
      [events[2]?.id, events[3]?.id],
      [events[4]?.id],
    ])
    for (const batch of batches) expect(batch.size).toBeLessThanOrEqual(2 * oneSize + 10)
    expect(batches.map((b) => b.size)).toEqual(batches.map((b) => packageSize(b.events)))

    const tiny = await subscribe({ max_package_size: 100 })
    const big = { ...one, webhook_id: tiny.id }
    await batchEvent(sandbox.upvest, sandbox.store.upvestWebhooks.get(tiny.id)!, big)
    await batchEvent(sandbox.upvest, sandbox.store.upvestWebhooks.get(tiny.id)!, {
      ...big,
      id: events[0]?.id as string,
    })
    expect(deliveries({ webhook_id: tiny.id }).map((b) => b.events.length)).toEqual([1, 1])

    await sandbox.clock.advance('5s')
    expect(posts.map((post) => post.body.payload.length)).toEqual([2, 2, 1, 1, 1])
    for (const post of posts.slice(0, 3)) {
      expect(new TextEncoder().encode(deliveryBody(post.body.payload)).byteLength).toBeLessThanOrEqual(2 * oneSize + 10)
    }
  })
})

describe('retries', () => {
  it('retries the whole batch after 1, 2, 3 … s while later batches of the subscription wait behind it', async () => {
    const webhook = await subscribe({ delay: '5s' })
    const other = await subscribe({ delay: '5s' })
    let failures = 0
    answer = (i) =>
      posts[i]?.body.payload[0]?.webhook_id === webhook.id && failures++ < 3
        ? new Response('down', { status: 503 })
        : new Response(null, { status: 204 })
    await open('LEGAL_ENTITY') // batch A of each subscription, due at 5 s
    await sandbox.clock.advance('5s')
    await open('ISA') // batch B, due at 10 s
    await sandbox.clock.advance('5s')

    const [a, b] = deliveries({ webhook_id: webhook.id })
    // At 10 s: A failed at 5, 6 and 8 s (due again at 11 s); B, due at 10 s, waits behind it.
    expect(deliveries({ webhook_id: webhook.id })).toMatchObject([
      {
        state: 'retrying',
        next_attempt_at: at(11),
        waiting_for: null,
        attempts: [
          { at: at(5), status: 503, error: null },
          { at: at(6), status: 503, error: null },
          { at: at(8), status: 503, error: null },
        ],
      },
      { id: b?.id, state: 'pending', next_attempt_at: at(10), waiting_for: a?.id, attempts: [] },
    ])
    // The other subscription's queue is not held up.
    expect(deliveries({ webhook_id: other.id }).map((d) => d.state)).toEqual(['delivered', 'delivered'])

    await sandbox.clock.advance('1s') // A succeeds at 11 s, and B goes right after it
    expect(deliveries({ webhook_id: webhook.id })).toMatchObject([
      { state: 'delivered', next_attempt_at: null, attempts: [{}, {}, {}, { at: at(11), status: 204 }] },
      { state: 'delivered', waiting_for: null, attempts: [{ at: at(11), status: 204, error: null }] },
    ])
    const mine = posts.filter((post) => post.body.payload[0]?.webhook_id === webhook.id)
    expect(mine.map((post) => types(post.body.payload))).toEqual([
      ['ACCOUNT_GROUP.CREATED'],
      ['ACCOUNT_GROUP.CREATED'],
      ['ACCOUNT_GROUP.CREATED'],
      ['ACCOUNT_GROUP.CREATED'],
      ['ACCOUNT_GROUP.CREATED'],
    ])
    expect(mine.at(-1)?.body.payload[0]?.object.type).toBe('ISA')
  })

  it('records refused connections and errors as failed attempts, and a 3xx as a failure', async () => {
    await subscribe({ delay: '1s' })
    answer = (i) => {
      if (i === 0) throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } })
      if (i === 1) return new Response(null, { status: 302, headers: { location: 'https://elsewhere.example/' } })
      return new Response(null, { status: 200 })
    }
    await open('LEGAL_ENTITY')
    await sandbox.clock.advance('1s')
    await sandbox.clock.advance('1s')
    await sandbox.clock.advance('2s')
    expect(deliveries()[0]?.attempts).toEqual([
      { at: at(1), status: null, error: 'connection refused (ECONNREFUSED)' },
      { at: at(2), status: 302, error: null },
      { at: at(4), status: 200, error: null },
    ])
  })

  it('counts no answer within the timeout as a failure', async () => {
    vi.unstubAllGlobals()
    vi.stubGlobal(
      'fetch',
      (_url: string, init: RequestInit) =>
        new Promise((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(init.signal?.reason))),
    )
    expect(await sendDelivery('http://127.0.0.1:9/', {}, '{}', 50)).toEqual({
      status: null,
      error: 'timeout: no response within 0.05 s',
    })
  })

  it('never holds up the API while a receiver is slow', async () => {
    await subscribe({ delay: '1s' })
    let release!: () => void
    answer = () =>
      new Promise((resolve) => {
        release = () => resolve(new Response(null, { status: 200 }))
      })
    await open('LEGAL_ENTITY')
    const advancing = sandbox.clock.advance('1s')
    await vi.waitFor(() => expect(posts).toHaveLength(1))
    // The delivery is in flight; writes still go through.
    const group = await open('CHILD', ANNA)
    expect(group.status).toBe('ACTIVE')
    release()
    await advancing
    expect(deliveries().map((d) => d.state)).toEqual(['delivered', 'pending'])
  })
})

describe('outbox bounds', () => {
  const test = (webhookId: string) => exclusive(sandbox.upvest, () => testWebhook(sandbox.upvest, FULL.id, webhookId))
  const ids = (state: string) =>
    deliveries()
      .filter((delivery) => delivery.state === state)
      .map((delivery) => delivery.id)

  it('forgets a delivered batch a day after its delivery, at the next delivery; a batch still failing stays', async () => {
    const webhook = await subscribe()
    const failing = await createWebhook(sandbox.upvest, FULL.id, { title: 'down', url: 'http://127.0.0.1:9/down' })
    answer = (i) => new Response(null, { status: posts[i]?.url.endsWith('/down') ? 503 : 200 })
    await test(failing.id)
    await test(webhook.id)
    await sandbox.clock.advance('1s')
    const [first] = ids('delivered')
    await sandbox.clock.advance('23h')
    await test(webhook.id)
    await sandbox.clock.advance('1s')
    expect(ids('delivered')).toHaveLength(2)
    await sandbox.clock.advance('1h') // `first` was delivered 24 h ago
    expect(ids('delivered')).toHaveLength(2) // forgotten when the next batch is delivered, not before
    await test(webhook.id)
    await sandbox.clock.advance('1s')
    expect(ids('delivered')).toHaveLength(2)
    expect(ids('delivered')).not.toContain(first)
    expect(ids('retrying')).toHaveLength(1)
  })

  it(`keeps the newest ${MAX_DELIVERED_BATCHES} delivered batches`, async () => {
    const webhook = await subscribe()
    for (let i = 0; i < MAX_DELIVERED_BATCHES + 3; i++) await test(webhook.id)
    const queued = ids('pending')
    await sandbox.clock.advance('1s')
    expect(ids('delivered')).toEqual(queued.slice(3))
  })

  it(`keeps the newest ${MAX_ATTEMPTS_KEPT} attempts of a batch, and its retries 600 s apart`, async () => {
    const webhook = await subscribe()
    answer = () => new Response(null, { status: 503 })
    await test(webhook.id)
    await sandbox.clock.advance('1d')
    const [batch] = deliveries()
    expect(posts.length).toBeGreaterThan(MAX_ATTEMPTS_KEPT + 13)
    expect(batch?.attempts).toHaveLength(MAX_ATTEMPTS_KEPT)
    const last = batch?.attempts.at(-1)?.at as string
    expect(Date.parse(batch?.attempts[0]?.at as string)).toBe(Date.parse(last) - (MAX_ATTEMPTS_KEPT - 1) * 600_000)
    expect(Date.parse(batch?.next_attempt_at as string)).toBe(Date.parse(last) + 600_000)
  })
})

describe('signing', () => {
  it('signs every attempt with the key published at /auth/verify_keys', async () => {
    await subscribe({ delay: '1s' })
    await open('LEGAL_ENTITY')
    await sandbox.clock.advance('1s')
    const headers = posts[0]?.headers as Headers
    expect(headers.get('content-type')).toBe('application/json')
    expect(headers.get('digest')).toMatch(/^SHA-256=[A-Za-z0-9+/]+=*$/)
    expect(headers.get('signature')).toMatch(/^sig1=:[A-Za-z0-9+/]+=*:$/)
    const { webhookSigningKey } = await import('./signing/webhookSigningKey.js')
    expect(headers.get('signature-input')).toMatch(
      new RegExp(
        `^sig1=\\("@method" "@path" "content-type" "digest"\\);keyid="${webhookSigningKey(1).kid}";created=\\d+;expires=\\d+;nonce="[^"]+"$`,
      ),
    )
  })
})
