import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createSandbox } from '../../../src/index.js'
import { call, expectProblem, FULL, READ_ONLY, token, UUID } from '../../support/upvestApi.js'

const sandbox = await createSandbox({ scenario: 'default', seed: 1 })
const server = setupServer(
  ...sandbox.handlers,
  http.post('http://127.0.0.1:9/', () => new HttpResponse(null, { status: 200 })),
)

let admin: string
let reader: string
beforeAll(async () => {
  server.listen({ onUnhandledFrame: 'error' })
  ;[admin, reader] = await Promise.all([token('webhooks:admin'), token('webhooks:read')])
})
afterAll(() => server.close())
beforeEach(async () => {
  await sandbox.reset()
  ;[admin, reader] = await Promise.all([token('webhooks:admin'), token('webhooks:read')])
})

const create = (body: unknown, options: { token?: string; headers?: Record<string, string> } = {}) =>
  call('/webhooks', { method: 'POST', token: options.token ?? admin, body, headers: options.headers })

describe('POST /webhooks', () => {
  it('creates an enabled subscription (201) with the defaults for type and config', async () => {
    const response = await create({ title: 'Account groups', url: 'http://127.0.0.1:9000/hooks' })
    expect(response.status).toBe(201)
    expect(response.headers.get('upvest-request-id')).toMatch(UUID)
    const body = await response.json()
    expect(body).toEqual({
      id: expect.stringMatching(UUID),
      created_at: '2025-01-15T09:00:00Z',
      updated_at: '2025-01-15T09:00:00Z',
      title: 'Account groups',
      url: 'http://127.0.0.1:9000/hooks',
      enabled: true,
      type: ['ALL'],
      config: { delay: '5s', max_package_size: 10240 },
    })
    const read = await call(`/webhooks/${body.id}`, { token: reader })
    expect(read.status).toBe(200)
    expect(await read.json()).toEqual(body)
  })

  it('takes type and config, a partial config keeping the other default', async () => {
    const response = await create({
      title: 'Groups',
      url: 'http://localhost:3000/webhooks/upvest',
      type: ['ACCOUNT_GROUP', 'USER', 'ACCOUNT_GROUP'],
      config: { delay: '30s' },
    })
    expect(response.status).toBe(201)
    expect(await response.json()).toMatchObject({
      type: ['ACCOUNT_GROUP', 'USER'],
      config: { delay: '30s', max_package_size: 10240 },
    })
  })

  it('refuses invalid input with a 400 that names the field, and changes nothing', async () => {
    const cases: [unknown, RegExp][] = [
      [undefined, /^request body: is required/],
      [{ url: 'http://127.0.0.1/' }, /^title: is required/],
      [{ title: 'x' }, /^url: is required/],
      [{ title: 'x'.repeat(101), url: 'http://127.0.0.1/' }, /^title: /],
      [{ title: 'x', url: 'ftp://127.0.0.1/' }, /^url: must be an absolute http or https URL/],
      [{ title: 'x', url: '/relative' }, /^url: must be an absolute http or https URL/],
      [{ title: 'x', url: 'http://user:secret@127.0.0.1/' }, /^url: must not contain credentials/],
      [{ title: 'x', url: `http://127.0.0.1/${'a'.repeat(1000)}` }, /^url: /],
      [{ title: 'x', url: 'http://127.0.0.1/', type: [] }, /^type: must name at least one type/],
      [{ title: 'x', url: 'http://127.0.0.1/', type: ['ACCOUNT_GROUPS'] }, /^type\.0: /],
      [{ title: 'x', url: 'http://127.0.0.1/', type: 'ALL' }, /^type: /],
      [{ title: 'x', url: 'http://127.0.0.1/', config: { delay: '0s' } }, /^config\.delay: /],
      [{ title: 'x', url: 'http://127.0.0.1/', config: { delay: '5h' } }, /^config\.delay: /],
      [{ title: 'x', url: 'http://127.0.0.1/', config: { delay: '100s' } }, /^config\.delay: /],
      [{ title: 'x', url: 'http://127.0.0.1/', config: { max_package_size: 99 } }, /^config\.max_package_size: /],
      [{ title: 'x', url: 'http://127.0.0.1/', config: { max_package_size: 1048577 } }, /^config\.max_package_size: /],
      [{ title: 'x', url: 'http://127.0.0.1/', config: { max_package_size: 1.5 } }, /^config\.max_package_size: /],
      [{ title: 'x', url: 'http://127.0.0.1/', config: { retries: 3 } }, /^retries: unknown field/],
      [{ title: 'x', url: 'http://127.0.0.1/', enabled: false }, /^enabled: unknown field/],
      ['{"title":', /^request body: malformed JSON/],
    ]
    const before = sandbox.store.snapshot().tables.upvestWebhooks
    for (const [body, detail] of cases) await expectProblem(await create(body), 400, detail)
    expect(sandbox.store.snapshot().tables.upvestWebhooks).toEqual(before)
  })

  it('needs webhooks:admin and an idempotency key, and replays a repeated key', async () => {
    await expectProblem(await create({ title: 'x', url: 'http://127.0.0.1/' }, { token: reader }), 403)
    const key = crypto.randomUUID()
    const first = await create({ title: 'x', url: 'http://127.0.0.1/' }, { headers: { 'idempotency-key': key } })
    const again = await create({ title: 'x', url: 'http://127.0.0.1/' }, { headers: { 'idempotency-key': key } })
    expect(first.status).toBe(201)
    expect(again.status).toBe(201)
    expect(await again.json()).toEqual(await first.json())
    expect(sandbox.store.upvestWebhooks.size).toBe(1)
    const missing = await fetch('https://sandbox.upvest.co/webhooks', {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'upvest-client-id': FULL.id, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'x', url: 'http://127.0.0.1/' }),
    })
    await expectProblem(missing, 400, /idempotency-key/)
  })
})

describe('bodies nested thousands of levels deep (docs/upvest.md#validation)', () => {
  it('answer 400 naming the field on create and update, storing nothing', async () => {
    const deep = `${'['.repeat(5_000)}${']'.repeat(5_000)}`
    await expectProblem(await create(deep), 400, /^request body: nested more than 32 levels deep$/)
    await expectProblem(await create(`{"title":"x","url":${deep}}`), 400, /^url: nested more than 32 levels deep$/)
    await expectProblem(
      await create(`{"title":"x","url":"http://127.0.0.1:9/","config":{"delay":${deep}}}`),
      400,
      /^config\.delay: /,
    )
    const created = await (await create({ title: 'x', url: 'http://127.0.0.1:9/' })).json()
    const update = await call(`/webhooks/${created.id}`, { method: 'PATCH', token: admin, body: `{"title":${deep}}` })
    await expectProblem(update, 400, /^title: nested more than 32 levels deep$/)
    expect(sandbox.store.upvestWebhooks.size).toBe(1)
  })
})

describe('GET /webhooks', () => {
  it('lists the client’s own subscriptions in the list envelope, sorted and paged', async () => {
    for (const [title, url] of [
      ['b', 'http://127.0.0.1:3/'],
      ['c', 'http://127.0.0.1:1/'],
      ['a', 'http://127.0.0.1:2/'],
    ]) {
      await create({ title, url })
      await sandbox.clock.advance('1s')
    }
    const page = await call('/webhooks?sort=title&order=DESC&limit=2', { token: reader })
    expect(page.status).toBe(200)
    const body = await page.json()
    expect(body.meta).toEqual({ offset: 0, limit: 2, count: 2, total_count: 3, sort: 'title', order: 'DESC' })
    expect(body.data.map((w: { title: string }) => w.title)).toEqual(['c', 'b'])
    const byUrl = await (await call('/webhooks?sort=url&offset=1', { token: reader })).json()
    expect(byUrl.data.map((w: { title: string }) => w.title)).toEqual(['a', 'b'])
    const byDefault = await (await call('/webhooks', { token: admin })).json()
    expect(byDefault.meta).toMatchObject({ sort: 'created_at', order: 'ASC', total_count: 3 })
    expect(byDefault.data.map((w: { title: string }) => w.title)).toEqual(['b', 'c', 'a'])

    // Another client sees none of them.
    const other = await call('/webhooks', { token: await token('webhooks:read', READ_ONLY), client: READ_ONLY })
    expect((await other.json()).meta.total_count).toBe(0)
  })

  it('refuses bad list parameters naming the parameter, and a token without a webhooks scope', async () => {
    await expectProblem(await call('/webhooks?sort=id', { token: reader }), 400, /^sort: /)
    await expectProblem(await call('/webhooks?limit=0', { token: reader }), 400, /^limit: /)
    await expectProblem(await call('/webhooks', { token: await token('accounts:read') }), 403)
    await expectProblem(await call('/webhooks'), 401)
  })
})

describe('GET, PATCH, DELETE /webhooks/{id}', () => {
  it('updates any field, merging config, and moves updated_at', async () => {
    const { id } = await (await create({ title: 'x', url: 'http://127.0.0.1/' })).json()
    await sandbox.clock.advance('1m')
    const response = await call(`/webhooks/${id}`, {
      method: 'PATCH',
      token: admin,
      body: { title: 'y', enabled: false, type: ['ACCOUNT_GROUP'], config: { max_package_size: 2048 } },
    })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({
      id,
      created_at: '2025-01-15T09:00:00Z',
      updated_at: '2025-01-15T09:01:00Z',
      title: 'y',
      url: 'http://127.0.0.1/',
      enabled: false,
      type: ['ACCOUNT_GROUP'],
      config: { delay: '5s', max_package_size: 2048 },
    })
    await expectProblem(
      await call(`/webhooks/${id}`, { method: 'PATCH', token: admin, body: { enabled: 'no' } }),
      400,
      /^enabled: /,
    )
    await expectProblem(
      await call(`/webhooks/${id}`, { method: 'PATCH', token: admin, body: { id: 'x' } }),
      400,
      /^id: unknown field/,
    )
    await expectProblem(await call(`/webhooks/${id}`, { method: 'PATCH', token: reader, body: { title: 'z' } }), 403)
  })

  it('deletes with 204 and an empty body; afterwards, and for other clients, it is a 404', async () => {
    const { id } = await (await create({ title: 'x', url: 'http://127.0.0.1/' })).json()
    const otherToken = await token('webhooks:read', READ_ONLY)
    await expectProblem(await call(`/webhooks/${id}`, { token: otherToken, client: READ_ONLY }), 404)
    await expectProblem(await call(`/webhooks/${id}`, { method: 'DELETE', token: reader }), 403)
    const deleted = await call(`/webhooks/${id}`, { method: 'DELETE', token: admin })
    expect(deleted.status).toBe(204)
    expect(await deleted.text()).toBe('')
    await expectProblem(await call(`/webhooks/${id}`, { token: admin }), 404)
    await expectProblem(await call(`/webhooks/${id}`, { method: 'PATCH', token: admin, body: { title: 'z' } }), 404)
    await expectProblem(await call(`/webhooks/${id}`, { method: 'DELETE', token: admin }), 404)
    await expectProblem(await call('/webhooks/not-a-uuid', { token: admin }), 404)
  })

  it('tests with 202 and an empty body; 404 for an unknown subscription, 403 without webhooks:admin', async () => {
    const { id } = await (await create({ title: 'x', url: 'http://127.0.0.1:9/' })).json()
    await expectProblem(await call(`/webhooks/${id}/test`, { method: 'POST', token: reader }), 403)
    await expectProblem(
      await call('/webhooks/00000000-0000-4000-8000-000000000000/test', { method: 'POST', token: admin }),
      404,
    )
    const response = await call(`/webhooks/${id}/test`, { method: 'POST', token: admin })
    expect(response.status).toBe(202)
    expect(await response.text()).toBe('')
    expect(sandbox.webhooks.deliveries()).toMatchObject([
      {
        webhook_id: id,
        events: [{ type: 'WEBHOOK.TEST', webhook_id: id, object: { id, url: 'http://127.0.0.1:9/' } }],
      },
    ])
  })
})
