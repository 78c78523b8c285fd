import { request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ControlError, createControlClient } from '../../../src/index.js'
import { createApp, type RunningServer, SandboxRegistry, startServer } from '../../../src/node.js'
import type { Json } from '../../support/controlCalls.js'

// docs/security.md: any page in the developer's browser can send requests to 127.0.0.1, so the control API
// refuses other origins and other host names (DNS rebinding), and can require a token.

const TOKEN = 'c0ntrol-t0ken'
let open: RunningServer
let locked: RunningServer

beforeAll(async () => {
  open = await startServer({ port: 0, scenario: 'default' })
  locked = await startServer({ port: 0, scenario: 'default', controlToken: TOKEN })
  // A frozen clock, so that "changed nothing" compares the same instant whatever the wall clock does.
  expect((await fetch(`${open.url}/__sandbox/clock/freeze`, { method: 'POST' })).status).toBe(200)
})
afterAll(() => Promise.all([open?.close(), locked?.close()]))

/** A request with headers fetch would not send as given (`host`), over node:http. */
function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Json }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk) => {
        text += chunk
      })
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? JSON.parse(text) : undefined }),
      )
    })
    req.on('error', reject)
    req.end(options.body)
  })
}

const clockOf = async (base: string) => (await send(`${base}/__sandbox/clock`)).body.now as string
const advance = (base: string, headers: Record<string, string>) =>
  send(`${base}/__sandbox/clock/advance`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ by: '1d' }),
  })

describe('the control API and other origins (docs/security.md#origins)', () => {
  it('refuses a request from another origin with 403 in its error format, changing nothing', async () => {
    const before = await clockOf(open.url)
    const port = open.port
    for (const origin of [
      'https://evil.example',
      `http://127.0.0.1:${port + 1}`,
      `https://127.0.0.1:${port}`,
      `http://evil.example:${port}`,
      'null',
    ]) {
      const refused = await advance(open.url, { origin })
      expect([origin, refused.status]).toEqual([origin, 403])
      expect(refused.body).toEqual({ error: expect.stringContaining(origin), field: 'origin' })
      expect(refused.headers['access-control-allow-origin']).toBeUndefined()
    }
    expect(await clockOf(open.url)).toBe(before)
  })

  it('answers its own origin, the loopback names standing for one another, and requests without Origin', async () => {
    for (const origin of [
      `http://127.0.0.1:${open.port}`,
      `http://localhost:${open.port}`,
      `http://[::1]:${open.port}`,
    ]) {
      expect([origin, (await advance(open.url, { origin })).status]).toEqual([origin, 200])
    }
    expect((await advance(open.url, {})).status).toBe(200)
    expect((await advance(open.url, { host: `localhost:${open.port}` })).status).toBe(200)
  })

  it('has no CORS: a preflight from another origin is refused, and no answer allows another origin', async () => {
    const preflight = await send(`${open.url}/__sandbox/reset`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
    })
    expect(preflight.status).toBe(403)
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined()
    const health = await fetch(`${open.url}/__sandbox/health`)
    expect(health.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('leaves CORS * on the provider APIs, which frontends on other ports call', async () => {
    const keys = await fetch(`${open.url}/auth/verify_keys`, { headers: { origin: 'http://localhost:5173' } })
    expect(keys.status).toBe(200)
    expect(keys.headers.get('access-control-allow-origin')).toBe('*')
  })

  it('refuses a Host that is not a name of this server (DNS rebinding) with 403', async () => {
    const before = await clockOf(open.url)
    for (const host of [`evil.example:${open.port}`, 'rebind.attacker.test', `127.0.0.1.nip.io:${open.port}`]) {
      const refused = await advance(open.url, { host })
      expect([host, refused.status]).toEqual([host, 403])
      expect(refused.body).toEqual({ error: expect.stringContaining(host), field: 'host' })
    }
    expect((await send(`${open.url}/__sandbox/info`, { headers: { host: 'evil.example' } })).status).toBe(403)
    expect(await clockOf(open.url)).toBe(before)
    // The provider APIs answer whatever name the server is reached by.
    expect((await send(`${open.url}/auth/verify_keys`, { headers: { host: 'evil.example' } })).status).toBe(200)
  })

  it('answers the host it was configured with as one of its names', async () => {
    const registry = new SandboxRegistry({ scenario: 'default' })
    const server = (await createApp(registry, { host: 'sandbox.internal' })).listen(0, '127.0.0.1')
    await new Promise((resolve) => server.once('listening', resolve))
    try {
      const { port } = server.address() as AddressInfo
      const base = `http://127.0.0.1:${port}`
      const own = { host: `sandbox.internal:${port}`, origin: `http://sandbox.internal:${port}` }
      expect((await advance(base, own)).status).toBe(200)
      expect((await advance(base, { ...own, host: `other.internal:${port}` })).status).toBe(403)
    } finally {
      server.close()
    }
  })
})

describe('--control-token (docs/security.md#token)', () => {
  it('requires Authorization: Bearer <token> on the control API, 401 otherwise', async () => {
    for (const authorization of [undefined, 'Bearer wrong', `Basic ${btoa(`x:${TOKEN}`)}`, TOKEN]) {
      const refused = await advance(locked.url, authorization ? { authorization } : {})
      expect([authorization, refused.status]).toEqual([authorization, 401])
      expect(refused.body).toEqual({ error: expect.stringContaining('Bearer'), field: 'authorization' })
      expect(refused.headers['www-authenticate']).toMatch(/^Bearer /)
    }
    expect((await advance(locked.url, { authorization: `Bearer ${TOKEN}` })).status).toBe(200)
  })

  it('serves the pages, the documents and the health check without it, and the provider APIs as ever', async () => {
    for (const path of ['/__sandbox/', '/__sandbox/inspector/inspector.js', '/__sandbox/docs', '/__sandbox/health']) {
      expect([path, (await fetch(`${locked.url}${path}`)).status]).toEqual([path, 200])
    }
    expect((await fetch(`${locked.url}/__sandbox/openapi/upvest.json`)).status).toBe(200)
    expect((await fetch(`${locked.url}/__sandbox/info`)).status).toBe(401)
    expect((await fetch(`${locked.url}/__sandbox/snapshot`)).status).toBe(401)
    expect((await fetch(`${locked.url}/auth/verify_keys`)).status).toBe(200)
  })

  it('is sent by createControlClient given the token', async () => {
    const client = createControlClient(locked.url, { token: TOKEN, sandboxId: 'tokened' })
    expect((await client.info()).scenario).toBe('default')
    expect((await client.sandboxes()).map((each) => each.id)).toContain('tokened')
    const without = createControlClient(locked.url)
    const error = await without.info().catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ControlError)
    expect(error).toMatchObject({ status: 401, field: 'authorization' })
  })
})
