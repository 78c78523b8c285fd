import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSandbox } from '../../../src/index.js'
import { type RunningServer, startServer } from '../../../src/node.js'
import { ADMIN_HEADERS, DOCUMENTED_GROUP_5 } from '../../support/addepar.js'
import { DOCUMENTED_ACCOUNT_GROUP, upvestHeaders, upvestToken } from '../../support/upvest.js'

let running: RunningServer
let base: string

beforeAll(async () => {
  running = await startServer({ port: 0, scenario: 'default' })
  base = running.url
})
afterAll(() => running.close())

describe('local server (HTTP on a random port)', () => {
  it('serves GET /account_groups/{id} with the Upvest paths, and its 404 as problem+json', async () => {
    const headers = upvestHeaders(await upvestToken(base))
    const ok = await fetch(`${base}/account_groups/${DOCUMENTED_ACCOUNT_GROUP.id}`, { headers })
    expect(ok.status).toBe(200)
    expect(ok.headers.get('upvest-request-id')).toBeTruthy()
    expect(await ok.json()).toEqual(DOCUMENTED_ACCOUNT_GROUP)
    const missing = await fetch(`${base}/account_groups/00000000-0000-4000-8000-000000000000`, { headers })
    expect(missing.status).toBe(404)
    expect(missing.headers.get('content-type')).toBe('application/problem+json')
    expect((await missing.json()).instance).toBe('/account_groups/00000000-0000-4000-8000-000000000000')
  })

  it('serves GET /api/v1/groups/:id and the /v1 alias, and the 404 as JSON:API', async () => {
    for (const prefix of ['/api/v1', '/v1']) {
      const ok = await fetch(`${base}${prefix}/groups/5`, { headers: ADMIN_HEADERS })
      expect(ok.status).toBe(200)
      expect(ok.headers.get('content-type')).toBe('application/vnd.api+json')
      expect(await ok.json()).toEqual(DOCUMENTED_GROUP_5)
      const missing = await fetch(`${base}${prefix}/groups/999`, { headers: ADMIN_HEADERS })
      expect(missing.status).toBe(404)
      expect((await missing.json()).errors[0].status).toBe('404')
    }
  })

  it('answers unknown routes in the format of the API they were meant for', async () => {
    const upvest = await fetch(`${base}/no_such_thing`)
    expect(upvest.status).toBe(404)
    expect(upvest.headers.get('content-type')).toBe('application/problem+json')
    expect(await upvest.json()).toMatchObject({ status: 404, instance: '/no_such_thing' })
    const addepar = await fetch(`${base}/api/v1/no_such_thing`)
    expect(addepar.status).toBe(404)
    expect(addepar.headers.get('content-type')).toBe('application/vnd.api+json')
    expect((await addepar.json()).errors[0].status).toBe('404')
    const control = await fetch(`${base}/__sandbox/no_such_thing`)
    expect(control.status).toBe(404)
    expect(await control.json()).toMatchObject({ error: expect.stringContaining('No route') })
  })

  it('allows cross-origin calls from a frontend and exposes the provider headers', async () => {
    // The provider APIs only: the control API is this server's own (docs/security.md).
    const response = await fetch(`${base}/auth/verify_keys`, { headers: { origin: 'http://localhost:5173' } })
    expect(response.headers.get('access-control-allow-origin')).toBe('*')
    expect(response.headers.get('access-control-expose-headers')).toContain('upvest-request-id')
    const preflight = await fetch(`${base}/account_groups`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,upvest-client-id,idempotency-key',
      },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*')
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET,HEAD,PUT,PATCH,POST,DELETE')
    expect(preflight.headers.get('access-control-allow-headers')).toBe('authorization,upvest-client-id,idempotency-key')
    expect(preflight.headers.get('vary')).toContain('Access-Control-Request-Headers')
    expect(await preflight.text()).toBe('')
  })
})

describe('control API', () => {
  it('GET /__sandbox/health is ok once ready', async () => {
    const response = await fetch(`${base}/__sandbox/health`)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ status: 'ok' })
  })

  it('GET /__sandbox/info gives the scenario, seed, clock and test credentials', async () => {
    const info = await (await fetch(`${base}/__sandbox/info`)).json()
    expect(info).toMatchObject({ scenario: 'default', seed: 1 })
    expect(Date.parse(info.clock)).toBeGreaterThanOrEqual(Date.parse('2025-01-15T09:00:00Z'))
    expect(info.upvest.clients).toHaveLength(2)
    expect(Object.keys(info.upvest.clients[0]).sort()).toEqual(['client_id', 'client_secret', 'scopes'])
    expect(info.addepar.firms[0].users[0]).toEqual({
      name: 'Ada Admin',
      api_key: 'sandbox-admin-key',
      api_secret: 'sandbox-admin-secret',
      permissions: { manage_groups: true, portfolio_access: 'all', group_access: 'all' },
      tokens: [
        { token: 'sandbox-token-groups-read', scopes: ['GROUPS'] },
        { token: 'sandbox-token-groups-write', scopes: ['GROUPS_WRITE'] },
        { token: 'sandbox-token-entities', scopes: ['ENTITIES'] },
      ],
    })
  })

  it('POST /__sandbox/clock/advance jumps the clock and validates its body', async () => {
    const before = Date.parse((await (await fetch(`${base}/__sandbox/info`)).json()).clock)
    const response = await fetch(`${base}/__sandbox/clock/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ by: '10m' }),
    })
    expect(response.status).toBe(200)
    const after = Date.parse((await response.json()).now)
    expect(after - before).toBeGreaterThanOrEqual(600_000)
    expect(after - before).toBeLessThan(660_000)
    for (const body of ['{"by":"soon"}', '{}', '{"by":']) {
      const bad = await fetch(`${base}/__sandbox/clock/advance`, { method: 'POST', body })
      expect(bad.status).toBe(400)
      expect((await bad.json()).error).toBeTruthy()
    }
  })

  it('POST /__sandbox/reset restores the seeded state byte for byte', async () => {
    const fresh = await createSandbox({ scenario: 'default' })
    const seeded = JSON.stringify(fresh.store.snapshot().tables)
    await upvestToken(base)
    running.sandbox.store.addeparGroups.delete('5')
    expect((await fetch(`${base}/v1/groups/5`, { headers: ADMIN_HEADERS })).status).toBe(404)
    const reset = await fetch(`${base}/__sandbox/reset`, { method: 'POST' })
    expect(reset.status).toBe(200)
    expect(JSON.stringify(running.sandbox.store.snapshot().tables)).toBe(seeded)
    expect((await fetch(`${base}/v1/groups/5`, { headers: ADMIN_HEADERS })).status).toBe(200)
  })

  it('serves the Upvest control routes: activate and lock', async () => {
    const sandbox = { 'x-sandbox-id': 'upvest-control' }
    const pending = '3c2d8e5a-7b6f-4e4d-8c1a-2f3b4a5e6d7c'
    const activated = await fetch(`${base}/__sandbox/upvest/account_groups/${pending}/activate`, {
      method: 'POST',
      headers: sandbox,
    })
    expect(activated.status).toBe(200)
    expect(await activated.json()).toMatchObject({ id: pending, status: 'ACTIVE' })
    const again = await fetch(`${base}/__sandbox/upvest/account_groups/${pending}/activate`, {
      method: 'POST',
      headers: sandbox,
    })
    expect(again.status).toBe(409)
    expect(again.headers.get('content-type')).toBe('application/problem+json')
    const locked = await fetch(`${base}/__sandbox/upvest/account_groups/${pending}/lock`, {
      method: 'POST',
      headers: sandbox,
    })
    expect(await locked.json()).toMatchObject({ status: 'LOCKED' })
    const { sandbox: isolated } = await running.registry.get('upvest-control')
    expect(isolated.store.upvestAccountGroups.get(pending)?.status).toBe('LOCKED')
    expect(running.sandbox.store.upvestAccountGroups.get(pending)?.status).toBe('PENDING_APPROVAL')
  })

  it('x-sandbox-id selects an isolated sandbox, control API included', async () => {
    const isolated = { ...ADMIN_HEADERS, 'x-sandbox-id': 'test-a' }
    await fetch(`${base}/__sandbox/clock/advance`, {
      method: 'POST',
      headers: { 'x-sandbox-id': 'test-a' },
      body: JSON.stringify({ by: '1d' }),
    })
    const { sandbox } = await running.registry.get('test-a')
    sandbox.store.addeparGroups.delete('5')
    expect((await fetch(`${base}/v1/groups/5`, { headers: isolated })).status).toBe(404)
    expect((await fetch(`${base}/v1/groups/5`, { headers: ADMIN_HEADERS })).status).toBe(200)
    const isolatedClock = (await (await fetch(`${base}/__sandbox/info`, { headers: isolated })).json()).clock
    const defaultClock = (await (await fetch(`${base}/__sandbox/info`)).json()).clock
    expect(Date.parse(isolatedClock) - Date.parse(defaultClock)).toBeGreaterThan(20 * 3_600_000)
  })
})
