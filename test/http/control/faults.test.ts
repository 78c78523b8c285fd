import { setupServer } from 'msw/node'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { ControlError, createSandbox } from '../../../src/index.js'
import { type RunningServer, startServer } from '../../../src/node.js'
import { addepar, control } from '../../support/controlCalls.js'
import { DOCUMENTED_ACCOUNT_GROUP, upvestHeaders, upvestToken } from '../../support/upvest.js'

let running: RunningServer
let base: string
let upvest: Record<string, string>

beforeAll(async () => {
  running = await startServer({ port: 0, scenario: 'default' })
  base = running.url
})
afterAll(() => running.close())
// A reset drops the issued tokens too, so each test takes a fresh one.
beforeEach(async () => {
  await control(base, 'POST', 'reset')
  upvest = upvestHeaders(await upvestToken(base))
})

const upvestGet = (extra: Record<string, string> = {}) =>
  fetch(`${base}/account_groups/${DOCUMENTED_ACCOUNT_GROUP.id}`, { headers: { ...upvest, ...extra } })
const addeparGet = (extra: Record<string, string> = {}, path = '/api/v1/groups/5') =>
  fetch(`${base}${path}`, { headers: addepar(undefined, extra) })

async function expectUpvestProblem(response: Response, status: number) {
  expect(response.status).toBe(status)
  expect(response.headers.get('content-type')).toBe('application/problem+json')
  const requestId = response.headers.get('upvest-request-id')
  expect(requestId).toMatch(/^[0-9a-f-]{36}$/)
  const body = await response.json()
  expect(body).toMatchObject({
    status,
    request_id: requestId,
    instance: `/account_groups/${DOCUMENTED_ACCOUNT_GROUP.id}`,
  })
  expect(Object.keys(body).sort()).toEqual(['detail', 'instance', 'request_id', 'status', 'title', 'type'])
  return body
}

async function expectAddeparError(response: Response, status: number) {
  expect(response.status).toBe(status)
  expect(response.headers.get('content-type')).toBe('application/vnd.api+json')
  const body = await response.json()
  expect(body.errors).toHaveLength(1)
  expect(body.errors[0]).toMatchObject({ status: String(status) })
  return body
}

describe('per-request faults (headers)', () => {
  it('Prefer: code=503 answers with the provider error: Upvest problem+json, Addepar JSON:API', async () => {
    const problem = await expectUpvestProblem(await upvestGet({ prefer: 'code=503' }), 503)
    expect(problem.detail).toContain('Prefer: code=503')
    await expectAddeparError(await addeparGet({ prefer: 'code=503' }), 503)
    // Other preferences, and codes that are no error, are ignored.
    expect((await upvestGet({ prefer: 'return=minimal, code=200' })).status).toBe(200)
  })

  it('x-sandbox-fault: status=429 gives Addepar its X-RateLimit-Retry-After, Upvest a plain 429 problem', async () => {
    const addepar429 = await addeparGet({ 'x-sandbox-fault': 'status=429' })
    expect(addepar429.headers.get('x-ratelimit-retry-after')).toBe('1')
    await expectAddeparError(addepar429, 429)
    const later = await addeparGet({ 'x-sandbox-fault': 'status=429, retry-after=30' })
    expect(later.headers.get('x-ratelimit-retry-after')).toBe('30')
    const upvest429 = await upvestGet({ 'x-sandbox-fault': 'status=429' })
    expect(upvest429.headers.get('x-ratelimit-retry-after')).toBeNull()
    expect((await expectUpvestProblem(upvest429, 429)).type).toBe('https://docs.upvest.co/errors/too_many_requests')
  })

  it('x-sandbox-fault: latency=300ms delays the real answer', async () => {
    const started = performance.now()
    const response = await addeparGet({ 'x-sandbox-fault': 'latency=300ms' })
    expect(performance.now() - started).toBeGreaterThanOrEqual(290)
    expect(response.status).toBe(200)
    // Combined with a status from Prefer: late and failing.
    const both = performance.now()
    const failing = await upvestGet({ 'x-sandbox-fault': 'latency=200ms', prefer: 'code=504' })
    expect(performance.now() - both).toBeGreaterThanOrEqual(190)
    await expectUpvestProblem(failing, 504)
  })

  it('x-sandbox-fault: reset drops the connection without an answer', async () => {
    await expect(upvestGet({ 'x-sandbox-fault': 'reset' })).rejects.toThrow(TypeError)
    await expect(addeparGet({ 'x-sandbox-fault': 'reset' })).rejects.toThrow(TypeError)
    // The server lives on.
    expect((await addeparGet()).status).toBe(200)
  })

  it('refuses an unreadable fault header with a 400 in the provider format, naming the header', async () => {
    const upvestBad = await expectUpvestProblem(await upvestGet({ 'x-sandbox-fault': 'status=42' }), 400)
    expect(upvestBad.detail).toMatch(/^x-sandbox-fault: cannot read "status=42"/)
    const addeparBad = await expectAddeparError(await addeparGet({ 'x-sandbox-fault': 'latency=soon' }), 400)
    expect(addeparBad.errors[0].detail).toMatch(/^x-sandbox-fault: bad latency "soon"/)
    await expectAddeparError(await addeparGet({ 'x-sandbox-fault': 'latency=2h' }), 400)
  })

  it('never applies to the control API', async () => {
    const response = await fetch(`${base}/__sandbox/info`, { headers: { 'x-sandbox-fault': 'status=503' } })
    expect(response.status).toBe(200)
  })
})

describe('fault rules (/__sandbox/faults)', () => {
  it('hits matching requests by method and path pattern, `count` times, then disappears', async () => {
    const created = await control(base, 'POST', 'faults', {
      body: { method: 'get', path: '/api/v1/groups/:id', status: 500, count: 2 },
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ id: '1', method: 'GET', path: '/api/v1/groups/:id', remaining: 2, hits: 0 })
    expect((await addeparGet({}, '/api/v1/groups')).status).toBe(200) // another path
    await expectAddeparError(await addeparGet({}, '/v1/groups/5'), 500) // the /v1 alias is the same route
    expect((await control(base, 'GET', 'faults')).body).toMatchObject([{ id: '1', remaining: 1, hits: 1 }])
    await expectAddeparError(await addeparGet(), 500)
    expect((await addeparGet()).status).toBe(200)
    expect((await control(base, 'GET', 'faults')).body).toEqual([])
  })

  // Rules here answer documented statuses: the contract checks hold a rule's answer to the operation's
  // statuses, as nothing in the exchange shows that a rule fired (docs/contract.md#injected).
  it('limits a rule to one API, adds latency, or drops the connection', async () => {
    await control(base, 'POST', 'faults', { body: { api: 'upvest', path: '/account_groups/*', status: 429 } })
    await expectUpvestProblem(await upvestGet(), 429)
    expect((await addeparGet()).status).toBe(200)
    await control(base, 'DELETE', 'faults')

    await control(base, 'POST', 'faults', { body: { path: '/v1/*', latency: '250ms' } })
    const started = performance.now()
    expect((await addeparGet()).status).toBe(200)
    expect(performance.now() - started).toBeGreaterThanOrEqual(240)
    await control(base, 'DELETE', 'faults')

    await control(base, 'POST', 'faults', { body: { method: 'GET', path: '/*', reset: true, count: 1 } })
    await expect(upvestGet()).rejects.toThrow(TypeError)
    expect((await upvestGet()).status).toBe(200)
  })

  it('draws probabilities from the seeded random source: the same sequence after a reset', async () => {
    const run = async () => {
      await control(base, 'POST', 'faults', { body: { path: '/v1/groups/:id', status: 500, probability: 0.5 } })
      const statuses: number[] = []
      for (let i = 0; i < 40; i++) statuses.push((await addeparGet()).status)
      await control(base, 'POST', 'reset')
      return statuses
    }
    const first = await run()
    expect(first.filter((s) => s === 500).length).toBeGreaterThan(8)
    expect(first.filter((s) => s === 200).length).toBeGreaterThan(8)
    expect(await run()).toEqual(first)
  })

  it('lists, deletes one, clears, and is cleared by reset', async () => {
    await control(base, 'POST', 'faults', { body: { path: '/users', status: 500 } })
    const second = await control(base, 'POST', 'faults', { body: { path: '/account_groups', status: 502 } })
    expect((await control(base, 'GET', 'faults')).body.map((r: { id: string }) => r.id)).toEqual(['1', '2'])
    expect((await control(base, 'DELETE', `faults/${second.body.id}`)).status).toBe(204)
    expect((await control(base, 'DELETE', 'faults/99')).status).toBe(404)
    expect((await control(base, 'GET', 'faults')).body.map((r: { id: string }) => r.id)).toEqual(['1'])
    await control(base, 'POST', 'reset')
    expect((await control(base, 'GET', 'faults')).body).toEqual([])
  })

  it('refuses a bad rule with a 400 naming the field, adding nothing', async () => {
    const cases: [unknown, string][] = [
      [{ path: '/x' }, 'status'],
      [{ status: 200 }, 'status'],
      [{ status: 503, probability: 2 }, 'probability'],
      [{ latency: 'soon' }, 'latency'],
      [{ path: 'no-slash', status: 503 }, 'path'],
      [{ reset: true, status: 503 }, 'reset'],
      [{ status: 503, colour: 'red' }, ''],
    ]
    for (const [body, field] of cases) {
      const response = await control(base, 'POST', 'faults', { body })
      expect(response.status, JSON.stringify(body)).toBe(400)
      expect(response.body.error).toContain(field)
    }
    expect((await control(base, 'GET', 'faults')).body).toEqual([])
  })
})

describe('faults in-process (sandbox.control and the handlers)', () => {
  it('applies rules and fault headers through setupServer, in the provider formats', async () => {
    const sandbox = await createSandbox()
    const server = setupServer(...sandbox.handlers)
    server.listen({ onUnhandledFrame: 'error' })
    try {
      const groups = 'https://examplefirm.addepar.com/api/v1/groups/5'
      const headers = addepar()
      expect((await fetch(groups, { headers })).status).toBe(200)
      await sandbox.control.addFault({ path: '/v1/groups/:id', status: 429, retry_after: 7, count: 1 })
      const limited = await fetch(groups, { headers })
      expect(limited.status).toBe(429)
      expect(limited.headers.get('x-ratelimit-retry-after')).toBe('7')
      expect((await limited.json()).errors[0].status).toBe('429')
      expect((await fetch(groups, { headers })).status).toBe(200)

      const upvestUrl = `https://sandbox.upvest.co/account_groups/${DOCUMENTED_ACCOUNT_GROUP.id}`
      const failing = await fetch(upvestUrl, { headers: { prefer: 'code=503' } })
      expect(failing.status).toBe(503)
      expect(failing.headers.get('content-type')).toBe('application/problem+json')
      await expect(fetch(upvestUrl, { headers: { 'x-sandbox-fault': 'reset' } })).rejects.toThrow(TypeError)
      await expect(sandbox.control.addFault({ status: 99 } as never)).rejects.toBeInstanceOf(ControlError)

      // In-process the engine journals every exchange as it does on the server, the dropped one included.
      await vi.waitFor(async () => expect(await sandbox.control.requests()).toHaveLength(5))
      const [dropped, failed, , journalled] = await sandbox.control.requests()
      expect(dropped).toMatchObject({ status: 0, response: null, fault: 'reset (x-sandbox-fault: reset)' })
      expect(failed).toMatchObject({
        api: 'upvest',
        status: 503,
        url: `/account_groups/${DOCUMENTED_ACCOUNT_GROUP.id}`,
        sandbox: 'in-process',
      })
      expect(journalled).toMatchObject({ api: 'addepar', method: 'GET', url: '/api/v1/groups/5', status: 429 })
      expect(JSON.parse(journalled?.response?.body?.text ?? '{}').errors[0].status).toBe('429')
      expect(journalled?.request.headers['addepar-firm']).toBe('123')
    } finally {
      server.close()
    }
  })
})

describe('fault-rule paths (docs/control-api.md#faults)', () => {
  const matches = async (pattern: string, paths: string[]) => {
    const sandbox = await createSandbox()
    await sandbox.control.addFault({ path: pattern, status: 503 })
    return paths.map((path) => sandbox.faults.match('upvest', 'GET', path) !== null)
  }

  it('match segment by segment: `:name` one segment, `*` any number of segments, `*` within a segment its characters', async () => {
    expect(
      await matches('/v1/groups/:id', ['/v1/groups/5', '/v1/groups/5/', '/v1/groups', '/v1/groups/5/members']),
    ).toEqual([true, true, false, false])
    expect(await matches('/v1/groups/*', ['/v1/groups', '/v1/groups/5', '/v1/groups/5/members', '/v1/group'])).toEqual([
      true,
      true,
      true,
      false,
    ])
    expect(await matches('/*/members', ['/v1/groups/5/members', '/members', '/v1/groups/5'])).toEqual([
      true,
      true,
      false,
    ])
    expect(await matches('/account_*', ['/account_groups', '/accounts', '/account_groups/5'])).toEqual([
      true,
      false,
      false,
    ])
    expect(await matches('/api/v1/groups/:id', ['/v1/groups/5'])).toEqual([true])
  })

  // A `*` used to become `.*` in a regular expression: six of them took seconds on a 90-character path and
  // grew with its sixth power, stalling every sandbox of the server.
  it('answer at once with six wildcards on a long path that would make a regular expression backtrack', async () => {
    // 200 characters: enough for a regular expression to take minutes; this matcher takes microseconds.
    const slashes = '/'.repeat(200)
    const letters = `/${'a'.repeat(199)}`
    expect(await matches('/*/*/*/*/*/*/b', [slashes, `${slashes}b`, `${'/a'.repeat(4_000)}/b`, '/b', '/a/c'])).toEqual([
      false,
      true,
      true,
      true,
      false,
    ])
    expect(await matches('/a*a*a*a*a*a*b', [letters, `${letters}b`, '/aaaaaab', '/aaaaab'])).toEqual([
      false,
      true,
      true,
      false,
    ])
  }, 5_000)
})
