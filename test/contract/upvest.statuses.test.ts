import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createSandbox, type Sandbox } from '../../src/index.js'
import { upvestRoutes } from '../../src/upvest/routes/upvestRoutes.js'
import { ANNA, type CallOptions, call, defaultWith, FULL, GROUPS, READ_ONLY, token } from '../support/upvestApi.js'

// Every documented status of every Upvest operation, produced on purpose. Each response also passes the
// contract check of test/contract/setup.ts, so this file both drives the parity table and proves that
// the gatekeeping errors, the rate limit and unexpected failures answer as documented on every route.

const LIMITED = 'https://limited.upvest.test'
const BROKEN = 'https://broken.upvest.test'
const RECEIVER = 'http://127.0.0.1:9/hooks'
const UNKNOWN = '00000000-0000-4000-8000-000000000000'
/** What every gated operation answers before its handler runs, each produced below. */
const GATE_STATUSES = ['400', '401', '403', '406', '429', '500']

let sandbox: Sandbox
let limited: Sandbox
let broken: Sandbox
let server: ReturnType<typeof setupServer>
let webhookId: string

beforeAll(async () => {
  sandbox = await createSandbox({ scenario: 'default' })
  // One call per hour per client: the token request uses it up, every call after it is a 429.
  const limit = { rate_limit: { limit: 1, window: '1h' } }
  limited = await defaultWith({ clients: { [FULL.id]: limit, [READ_ONLY.id]: limit } })
  // Every lookup of a client fails, as an unexpected error inside the sandbox would.
  broken = await createSandbox({ scenario: 'default' })
  vi.spyOn(broken.store.upvestClients, 'get').mockImplementation(() => {
    throw new Error('the store is unavailable')
  })
  server = setupServer(
    ...sandbox.handlers,
    ...limited.handlersFor({ upvest: `${LIMITED}/` }),
    ...broken.handlersFor({ upvest: `${BROKEN}/` }),
    http.post(RECEIVER, () => new HttpResponse(null, { status: 204 })),
  )
  server.listen({ onUnhandledFrame: 'error' })
  const admin = await token('webhooks:admin')
  const created = await call('/webhooks', {
    method: 'POST',
    token: admin,
    body: { title: 'contract', url: RECEIVER, type: ['ACCOUNT_GROUP'] },
  })
  expect(created.status).toBe(201)
  webhookId = (await created.json()).id
})
afterAll(() => server.close())

/** What calling one gated operation takes, beyond its method and path (the route table's). */
interface Sample {
  /** Its path parameters, by name. */
  params?: () => Record<string, string>
  query?: string
  /** A scope that may call it, and one that may not. */
  scope: string
  wrongScope: string
  body?: () => unknown
}

const samples: Record<string, Sample> = {
  list_users: { scope: 'users:read', wrongScope: 'accounts:read' },
  retrieve_user: { params: () => ({ user_id: ANNA }), scope: 'users:read', wrongScope: 'accounts:read' },
  list_user_account_groups: { params: () => ({ user_id: ANNA }), scope: 'accounts:read', wrongScope: 'users:read' },
  list_account_groups: { scope: 'accounts:read', wrongScope: 'users:read' },
  create_account_group: {
    scope: 'accounts:admin',
    wrongScope: 'accounts:read',
    body: () => ({ user_id: ANNA, type: 'ISA' }),
  },
  retrieve_account_group: {
    params: () => ({ account_group_id: GROUPS.documented }),
    scope: 'accounts:read',
    wrongScope: 'users:read',
  },
  account_group_closure: {
    params: () => ({ account_group_id: GROUPS.legalEntity }),
    query: 'notification_only=true',
    scope: 'accounts:admin',
    wrongScope: 'accounts:read',
  },
  list_webhooks: { scope: 'webhooks:read', wrongScope: 'accounts:read' },
  create_webhook: {
    scope: 'webhooks:admin',
    wrongScope: 'webhooks:read',
    body: () => ({ title: 'more', url: RECEIVER }),
  },
  retrieve_webhook: { params: () => ({ webhook_id: webhookId }), scope: 'webhooks:read', wrongScope: 'accounts:read' },
  update_webhook: {
    params: () => ({ webhook_id: webhookId }),
    scope: 'webhooks:admin',
    wrongScope: 'webhooks:read',
    body: () => ({ title: 'renamed' }),
  },
  test_webhook: { params: () => ({ webhook_id: webhookId }), scope: 'webhooks:admin', wrongScope: 'webhooks:read' },
  delete_webhook: { params: () => ({ webhook_id: webhookId }), scope: 'webhooks:admin', wrongScope: 'webhooks:read' },
}

/** The routes outside the gatekeeping chain: 'the token and key routes' below produce their statuses one by one. */
const BY_HAND = ['issue_token', 'get_jwks']

const operations = upvestRoutes.flatMap((route) => {
  const sample = samples[route.operation.operationId]
  return sample ? [{ ...sample, route, operationId: route.operation.operationId }] : []
})
type Operation = (typeof operations)[number]

function pathOf(operation: Operation): string {
  const params = operation.params?.() ?? {}
  const path = operation.route.path.replace(/:([A-Za-z_]+)/g, (_, name: string) => {
    const value = params[name]
    if (value === undefined) throw new Error(`${operation.operationId}: no sample value for :${name}`)
    return value
  })
  return operation.query ? `${path}?${operation.query}` : path
}

const send = (operation: Operation, options: CallOptions = {}) =>
  call(pathOf(operation), {
    method: operation.route.method,
    ...(operation.body ? { body: operation.body() } : {}),
    ...options,
  })

it('has sample data for every route of the table', () => {
  const ids = upvestRoutes.map((route) => route.operation.operationId)
  expect(ids.sort()).toEqual([...Object.keys(samples), ...BY_HAND].sort())
})

describe.each(operations)('$operationId answers the gatekeeping statuses', (operation) => {
  it('documents every status of the gatekeeping chain', () => {
    expect(Object.keys(operation.route.operation.responses)).toEqual(expect.arrayContaining(GATE_STATUSES))
  })

  it('400 for an unsupported upvest-api-version', async () => {
    const response = await send(operation, {
      token: await token(operation.scope),
      headers: { 'upvest-api-version': '2' },
    })
    expect(response.status).toBe(400)
  })

  it('406 when accept rules out JSON', async () => {
    const response = await send(operation, { token: await token(operation.scope), headers: { accept: 'text/html' } })
    expect(response.status).toBe(406)
  })

  it('401 without a bearer token', async () => {
    expect((await send(operation)).status).toBe(401)
  })

  it('403 with a token that lacks the scope', async () => {
    expect((await send(operation, { token: await token(operation.wrongScope) })).status).toBe(403)
  })

  it('429 once the client’s rate limit is used up', async () => {
    const bearer = await token(operation.scope, FULL, LIMITED).catch(() => 'used-up')
    expect((await send(operation, { token: bearer, base: LIMITED })).status).toBe(429)
  })

  it('500 when the sandbox fails unexpectedly', async () => {
    expect((await send(operation, { token: 'any', base: BROKEN })).status).toBe(500)
  })
})

describe('the token and key routes', () => {
  const tokenRequest = (fields: Record<string, string>, options: CallOptions = {}) =>
    call('/auth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...options.headers },
      body: new URLSearchParams({
        client_id: FULL.id,
        client_secret: FULL.secret,
        grant_type: 'client_credentials',
        scope: 'accounts:read',
        ...fields,
      }).toString(),
      ...(options.base ? { base: options.base } : {}),
    })

  it('issue_token: 200, 400, 401, 403, 406, 429 and 500', async () => {
    expect((await tokenRequest({})).status).toBe(200)
    expect((await tokenRequest({ grant_type: 'password' })).status).toBe(400)
    expect((await tokenRequest({ client_secret: 'wrong' })).status).toBe(401)
    const readOnly = await call('/auth/token', {
      method: 'POST',
      client: READ_ONLY,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: READ_ONLY.id,
        client_secret: READ_ONLY.secret,
        grant_type: 'client_credentials',
        scope: 'accounts:admin',
      }).toString(),
    })
    expect(readOnly.status).toBe(403)
    expect((await tokenRequest({}, { headers: { accept: 'text/html' } })).status).toBe(406)
    await tokenRequest({}, { base: LIMITED })
    expect((await tokenRequest({}, { base: LIMITED })).status).toBe(429)
    expect((await tokenRequest({}, { base: BROKEN })).status).toBe(500)
  })

  it('get_jwks: 200, 400, 406, 429 and 500', async () => {
    expect((await call('/auth/verify_keys')).status).toBe(200)
    expect((await call('/auth/verify_keys', { headers: { 'upvest-api-version': '0' } })).status).toBe(400)
    expect((await call('/auth/verify_keys', { headers: { accept: 'text/html' } })).status).toBe(406)
    expect((await call('/auth/verify_keys', { base: LIMITED })).status).toBe(429)
    expect((await call('/auth/verify_keys', { base: BROKEN })).status).toBe(500)
  })
})

describe('the statuses particular to each operation', () => {
  it('answers the lists, and 400 for a bad page parameter', async () => {
    const bearer = await token('accounts:read users:read webhooks:read')
    for (const path of ['/users', `/users/${ANNA}/account_groups`, '/account_groups', '/webhooks']) {
      expect((await call(path, { token: bearer })).status).toBe(200)
      expect((await call(`${path}?limit=0`, { token: bearer })).status).toBe(400)
    }
  })

  it('answers 404 for unknown users, account groups and webhooks', async () => {
    const bearer = await token('accounts:admin users:read webhooks:admin')
    expect((await call(`/users/${ANNA}`, { token: bearer })).status).toBe(200)
    for (const [method, path] of [
      ['GET', `/users/${UNKNOWN}`],
      ['GET', `/users/${UNKNOWN}/account_groups`],
      ['GET', `/account_groups/${UNKNOWN}`],
      ['DELETE', `/account_groups/${UNKNOWN}`],
      ['GET', `/webhooks/${UNKNOWN}`],
      ['PATCH', `/webhooks/${UNKNOWN}`],
      ['DELETE', `/webhooks/${UNKNOWN}`],
      ['POST', `/webhooks/${UNKNOWN}/test`],
    ] as const) {
      const body = method === 'PATCH' ? { title: 'x' } : undefined
      expect((await call(path, { method, token: bearer, body })).status, `${method} ${path}`).toBe(404)
    }
    const create = await call('/account_groups', {
      method: 'POST',
      token: bearer,
      body: { user_id: UNKNOWN, type: 'ISA' },
    })
    expect(create.status).toBe(404)
  })

  it('creates an account group (200), refuses a second PERSONAL one (409) and a reused key (422)', async () => {
    const bearer = await token('accounts:admin')
    const key = crypto.randomUUID()
    const first = await call('/account_groups', {
      method: 'POST',
      token: bearer,
      headers: { 'idempotency-key': key },
      body: { user_id: ANNA, type: 'CHILD' },
    })
    expect(first.status).toBe(200)
    const reused = await call('/account_groups', {
      method: 'POST',
      token: bearer,
      headers: { 'idempotency-key': key },
      body: { user_id: ANNA, type: 'LEGAL_ENTITY' },
    })
    expect(reused.status).toBe(422)
    const second = await call('/account_groups', {
      method: 'POST',
      token: bearer,
      body: { user_id: ANNA, type: 'PERSONAL' },
    })
    expect(second.status).toBe(409)
    const malformed = await call('/account_groups', { method: 'POST', token: bearer, body: '{' })
    expect(malformed.status).toBe(400)
  })

  it('closes an account group (202), not a closed one (409), and refuses a bad reason (400)', async () => {
    const bearer = await token('accounts:admin')
    const closing = await call(`/account_groups/${GROUPS.karlPersonal}?closure_reason=user_initiated`, {
      method: 'DELETE',
      token: bearer,
    })
    expect(closing.status).toBe(202)
    expect((await call(`/account_groups/${GROUPS.karlChild}`, { method: 'DELETE', token: bearer })).status).toBe(409)
    const bad = await call(`/account_groups/${GROUPS.documented}?closure_reason=boredom`, {
      method: 'DELETE',
      token: bearer,
    })
    expect(bad.status).toBe(400)
  })

  it('creates (201), reads (200), updates (200), tests (202) and deletes (204) a webhook subscription', async () => {
    const bearer = await token('webhooks:admin')
    const key = crypto.randomUUID()
    const created = await call('/webhooks', {
      method: 'POST',
      token: bearer,
      headers: { 'idempotency-key': key },
      body: { title: 'round trip', url: RECEIVER },
    })
    expect(created.status).toBe(201)
    const { id } = await created.json()
    const reused = await call('/webhooks', {
      method: 'POST',
      token: bearer,
      headers: { 'idempotency-key': key },
      body: { title: 'another', url: RECEIVER },
    })
    expect(reused.status).toBe(422)
    expect((await call('/webhooks', { method: 'POST', token: bearer, body: { title: 'no url' } })).status).toBe(400)
    expect((await call(`/webhooks/${id}`, { token: bearer })).status).toBe(200)
    expect((await call(`/webhooks/${id}`, { method: 'PATCH', token: bearer, body: { enabled: false } })).status).toBe(
      200,
    )
    expect((await call(`/webhooks/${id}`, { method: 'PATCH', token: bearer, body: { enabled: 'no' } })).status).toBe(
      400,
    )
    expect((await call(`/webhooks/${id}/test`, { method: 'POST', token: bearer })).status).toBe(202)
    expect((await call(`/webhooks/${id}`, { method: 'DELETE', token: bearer })).status).toBe(204)
  })

  it('answers the documents’ 400s of the gate on POST: a missing idempotency key', async () => {
    const bearer = await token('webhooks:admin')
    const response = await call(`/webhooks/${webhookId}/test`, {
      method: 'POST',
      token: bearer,
      headers: { 'idempotency-key': '' },
    })
    expect(response.status).toBe(400)
    expect((await response.json()).type).toBe('https://docs.upvest.co/errors/missing_idempotency_key')
  })
})
