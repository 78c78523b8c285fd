import { describe, expect, it } from 'vitest'
import { addeparOpenApi } from '../../src/addepar/openapi/openapi.js'
import { OpenApiValidator, UNMATCHED } from '../../src/contract/OpenApiValidator.js'
import { upvestOpenApi } from '../../src/upvest/openapi/openapi.js'
import { DOCUMENTED_ACCOUNT_GROUP } from '../support/upvest.js'
import { ContractChecker, ContractViolation, checkedFetch, classify, unwrapFetch } from './internal/ContractChecker.js'

// The contract check itself: what it accepts, and that an undocumented status, header or shape fails.
// These tests use their own checker on canned responses, so the suite's own check is not tripped.

const upvest = new OpenApiValidator('upvest', upvestOpenApi())
const addepar = new OpenApiValidator('addepar', addeparOpenApi())
const REQUEST_ID = '169ae4c7-ebd7-4041-94da-25369653eba7'
const GROUP_PATH = `/account_groups/${DOCUMENTED_ACCOUNT_GROUP.id}`

function json(body: unknown, status = 200, headers: Record<string, string> = {}) {
  return {
    status,
    headers: new Headers({ 'content-type': 'application/json', 'upvest-request-id': REQUEST_ID, ...headers }),
    body: JSON.stringify(body),
  }
}

function problem(status: number, slug: string, headers: Record<string, string> = {}) {
  return {
    status,
    headers: new Headers({ 'content-type': 'application/problem+json', 'upvest-request-id': REQUEST_ID, ...headers }),
    body: JSON.stringify({
      type: `https://docs.upvest.co/errors/${slug}`,
      status,
      title: 'Not Found',
      detail: 'gone',
      instance: GROUP_PATH,
      request_id: REQUEST_ID,
    }),
  }
}

describe('OpenApiValidator', () => {
  it('accepts documented responses, whatever transport and CORS headers come along', () => {
    const ok = json(DOCUMENTED_ACCOUNT_GROUP, 200, {
      'content-length': '300',
      date: new Date().toUTCString(),
      'access-control-allow-origin': '*',
      'x-sandbox-id': 'a',
    })
    expect(upvest.check('GET', GROUP_PATH, ok)).toMatchObject({
      operationId: 'retrieve_account_group',
      path: '/account_groups/{account_group_id}',
      documented: true,
      errors: [],
    })
    expect(upvest.check('GET', GROUP_PATH, problem(404, 'not_found')).errors).toEqual([])
  })

  it('fails an undocumented status', () => {
    const check = upvest.check('GET', GROUP_PATH, problem(409, 'conflict'))
    expect(check.documented).toBe(false)
    expect(check.errors).toEqual([expect.stringContaining('status 409 is not documented for retrieve_account_group')])
  })

  it('fails a missing required header and an undocumented one', () => {
    const missing = json(DOCUMENTED_ACCOUNT_GROUP)
    missing.headers.delete('upvest-request-id')
    expect(upvest.check('GET', GROUP_PATH, missing).errors).toEqual([
      'header upvest-request-id is required but missing',
    ])
    const extra = json(DOCUMENTED_ACCOUNT_GROUP, 200, { 'x-powered-by': 'Express' })
    expect(upvest.check('GET', GROUP_PATH, extra).errors).toEqual([
      'header x-powered-by is not documented for this response',
    ])
    const malformed = json(DOCUMENTED_ACCOUNT_GROUP, 200, { 'upvest-request-id': 'not-a-uuid' })
    expect(upvest.check('GET', GROUP_PATH, malformed).errors).toEqual([
      expect.stringMatching(/^header upvest-request-id: /),
    ])
  })

  it('fails a shape outside the schema: an extra field, an unknown enum value, a missing field', () => {
    const extra = upvest.check('GET', GROUP_PATH, json({ ...DOCUMENTED_ACCOUNT_GROUP, owner: 'x' }))
    expect(extra.errors).toEqual([expect.stringContaining('must NOT have additional properties')])
    const status = upvest.check('GET', GROUP_PATH, json({ ...DOCUMENTED_ACCOUNT_GROUP, status: 'INACTIVE' }))
    expect(status.errors.join()).toContain('/status must be equal to one of the allowed values')
    const { securities_account_number: _, ...partial } = DOCUMENTED_ACCOUNT_GROUP
    expect(upvest.check('GET', GROUP_PATH, json(partial)).errors.join()).toContain('securities_account_number')
  })

  it('fails an error whose status or type does not match the HTTP status', () => {
    const mismatch = problem(404, 'not_found')
    mismatch.body = mismatch.body.replace('"status":404', '"status":400')
    expect(upvest.check('GET', GROUP_PATH, mismatch).errors.join()).toContain('/status must be equal to constant')
    expect(upvest.check('GET', GROUP_PATH, problem(404, 'forbidden')).errors.join()).toContain(
      '/type must be equal to one of',
    )
  })

  it('fails a media type that is not documented, and a body where none is', () => {
    const wrongType = json(DOCUMENTED_ACCOUNT_GROUP, 200, { 'content-type': 'text/plain' })
    expect(upvest.check('GET', GROUP_PATH, wrongType).errors).toEqual([
      expect.stringContaining('content-type "text/plain"'),
    ])
    const closure = { status: 202, headers: new Headers({ 'upvest-request-id': REQUEST_ID }), body: '{}' }
    expect(upvest.check('DELETE', GROUP_PATH, closure).errors).toEqual([
      expect.stringContaining('no body is documented'),
    ])
    expect(upvest.check('DELETE', GROUP_PATH, { ...closure, body: '' }).errors).toEqual([])
  })

  it('holds Addepar errors to string statuses and the JSON:API media type', () => {
    const error = (status: unknown, type = 'application/vnd.api+json') => ({
      status: 404,
      headers: new Headers({ 'content-type': type }),
      body: JSON.stringify({ errors: [{ status, title: 'Not Found', detail: 'Group 999 does not exist' }] }),
    })
    expect(addepar.check('GET', '/v1/groups/999', error('404')).errors).toEqual([])
    expect(addepar.check('GET', '/v1/groups/999', error(404)).errors.join()).toContain(
      '/errors/0/status must be string',
    )
    expect(addepar.check('GET', '/v1/groups/999', error('404', 'application/json')).errors.join()).toContain(
      'is not documented',
    )
  })

  it('requires X-RateLimit-Retry-After on an Addepar 429 and Allow on a 405', () => {
    const error = (status: number, headers: Record<string, string>) => ({
      status,
      headers: new Headers({ 'content-type': 'application/vnd.api+json', ...headers }),
      body: JSON.stringify({ errors: [{ status: String(status), title: 't', detail: 'd' }] }),
    })
    expect(addepar.check('GET', '/v1/groups', error(429, {})).errors).toEqual([
      'header X-RateLimit-Retry-After is required but missing',
    ])
    expect(addepar.check('GET', '/v1/groups', error(429, { 'x-ratelimit-retry-after': '3' })).errors).toEqual([])
    expect(addepar.check('PUT', '/v1/groups', error(405, { allow: 'GET, POST, PATCH, DELETE' })).errors).toEqual([])
    expect(addepar.check('PUT', '/v1/groups', error(405, {})).errors).toEqual(['header Allow is required but missing'])
  })

  it('matches literal paths before templates, and holds unknown routes to x-unmatched-route', () => {
    expect(addepar.match('POST', '/v1/groups/query').operationId).toBe('queryGroups')
    expect(addepar.match('GET', '/v1/groups/query').operationId).toBe('getGroup')
    expect(addepar.match('PUT', '/v1/groups/5').operationId).toBe(UNMATCHED)
    expect(upvest.match('GET', '/account_groups/').operationId).toBe('list_account_groups')
    const ok = problem(404, 'not_found')
    expect(upvest.check('GET', '/accounts', ok)).toMatchObject({ operationId: UNMATCHED, errors: [] })
    expect(upvest.check('GET', '/accounts', json({})).errors).toEqual([
      expect.stringContaining('status 200 is not documented for (unmatched route)'),
    ])
  })

  it('accepts the local server’s own 413 on any route, only from the local server', () => {
    const tooLarge = problem(413, 'content_too_large')
    expect(upvest.check('POST', '/account_groups', tooLarge).errors).toEqual([
      expect.stringContaining('status 413 is not documented'),
    ])
    expect(upvest.check('POST', '/account_groups', tooLarge, { local: true })).toMatchObject({
      operationId: '(local server)',
      documented: true,
      errors: [],
    })
  })

  it('lets an undocumented status through only when the request asked for that very status', () => {
    const injected = problem(503, 'service_unavailable')
    expect(upvest.check('GET', GROUP_PATH, injected).errors).not.toEqual([])
    expect(upvest.check('GET', GROUP_PATH, injected, { requestedStatus: 503 })).toMatchObject({
      injected: true,
      errors: [],
    })
    expect(upvest.check('GET', GROUP_PATH, injected, { requestedStatus: 502 }).errors).toEqual([
      expect.stringContaining('status 503 is not documented'),
    ])
    // Held to the API's error format even then.
    const notProblem = json({ message: 'down' }, 503)
    expect(upvest.check('GET', GROUP_PATH, notProblem, { requestedStatus: 503 }).errors).not.toEqual([])
  })
})

describe('classify: which exchanges are the contract’s business', () => {
  it.each([
    ['https://sandbox.upvest.co/account_groups', { api: 'upvest', path: '/account_groups', local: false }],
    ['https://examplefirm.addepar.com/api/v1/groups', { api: 'addepar', path: '/v1/groups', local: false }],
    ['https://api.addepar.com/v1/groups', { api: 'addepar', path: '/v1/groups', local: false }],
    ['http://127.0.0.1:4010/api/v1/groups/5', { api: 'addepar', path: '/v1/groups/5', local: true }],
    ['http://127.0.0.1:4010/v1/groups/5', { api: 'addepar', path: '/v1/groups/5', local: true }],
    ['http://127.0.0.1:4010/users', { api: 'upvest', path: '/users', local: true }],
    ['http://127.0.0.1:4010/__sandbox/info', { api: 'control', path: '/info', local: true }],
    ['https://manual.upvest.test/control/__sandbox/upvest/x', { api: 'control', path: '/upvest/x', local: false }],
    ['http://127.0.0.1:4010/__sandbox/', { api: null, reason: 'local server page' }],
    ['http://127.0.0.1:4010/__sandbox/docs/assets/swagger-ui.css', { api: null, reason: 'local server page' }],
    ['http://127.0.0.1:4010/__sandbox/openapi/control.json', { api: null, reason: 'local server page' }],
    ['http://127.0.0.1:4010/__sandbox/sandboxes', { api: null, reason: 'local server page' }],
    ['https://receiver.example/__sandbox/info', { api: null, reason: 'not a sandbox origin' }],
    ['https://receiver.example/hooks', { api: null, reason: 'not a sandbox origin' }],
  ])('%s', (url, target) => {
    expect(classify(new URL(url))).toEqual(target)
  })
})

describe('checkedFetch', () => {
  const respond = (response: () => Response) => {
    const checker = new ContractChecker()
    return {
      checker,
      fetch: checkedFetch(
        async () => response(),
        () => checker,
      ),
    }
  }

  it('passes a valid response through with its body unread', async () => {
    const { fetch, checker } = respond(() =>
      Response.json(DOCUMENTED_ACCOUNT_GROUP, { headers: { 'upvest-request-id': REQUEST_ID } }),
    )
    const response = await fetch(`https://sandbox.upvest.co${GROUP_PATH}`)
    expect(await response.json()).toEqual(DOCUMENTED_ACCOUNT_GROUP)
    expect([...checker.tallies.values()]).toEqual([
      expect.objectContaining({ operationId: 'retrieve_account_group', status: 200, seen: 1, valid: 1 }),
    ])
  })

  it('rejects with the violation when a response is outside the contract', async () => {
    const { fetch, checker } = respond(() =>
      Response.json({ id: 'x' }, { headers: { 'upvest-request-id': REQUEST_ID } }),
    )
    const failure = await fetch(new Request(`https://sandbox.upvest.co${GROUP_PATH}`)).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(ContractViolation)
    expect((failure as Error).message).toMatch(
      /^GET https:\/\/sandbox\.upvest\.co\/account_groups\/.* is outside the upvest contract/,
    )
    expect(checker.violations).toHaveLength(1)
  })

  it('leaves other origins, the server’s pages, other local servers and CORS preflights alone', async () => {
    const { fetch, checker } = respond(() => new Response('not json', { status: 418 }))
    expect((await fetch('https://receiver.example/hooks', { method: 'POST' })).status).toBe(418)
    expect((await fetch('http://127.0.0.1:4010/__sandbox/docs')).status).toBe(418)
    expect((await fetch('http://127.0.0.1:9/hooks', { method: 'POST' })).status).toBe(418)
    const preflight = { method: 'OPTIONS', headers: { 'access-control-request-method': 'POST' } }
    expect((await fetch('https://sandbox.upvest.co/account_groups', preflight)).status).toBe(418)
    expect(checker.tallies.size).toBe(0)
  })

  it('holds control API answers to the control document', async () => {
    const { fetch } = respond(() => new Response('not json', { status: 418 }))
    const failure = await fetch('http://127.0.0.1:4010/__sandbox/health').catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(ContractViolation)
    expect((failure as Error).message).toContain('status 418 is not documented for health')
    const valid = respond(() => Response.json({ error: 'by: a duration', field: 'by' }, { status: 400 }))
    expect((await valid.fetch('http://127.0.0.1:4010/__sandbox/clock/advance', { method: 'POST' })).status).toBe(400)
    const wrongError = respond(() => Response.json({ message: 'no' }, { status: 400 }))
    await expect(
      wrongError.fetch('https://sandbox.upvest.co/__sandbox/clock/advance', { method: 'POST' }),
    ).rejects.toThrow(/must have required property 'error'/)
  })

  it('lets an injected status through only when the request’s own header asked for it, never for a rule', async () => {
    const injected = () =>
      new Response(JSON.stringify(JSON.parse(problem(503, 'service_unavailable').body)), {
        status: 503,
        headers: { 'content-type': 'application/problem+json', 'upvest-request-id': REQUEST_ID },
      })
    const url = `https://sandbox.upvest.co${GROUP_PATH}`
    const { fetch, checker } = respond(injected)
    expect((await fetch(url, { headers: { 'x-sandbox-fault': 'latency=1ms, status=503' } })).status).toBe(503)
    expect((await fetch(url, { headers: { prefer: 'return=minimal, code=503' } })).status).toBe(503)
    // A fault rule's 503 (nothing in the request asked for it), or another status than the one asked for.
    await expect(fetch(url)).rejects.toBeInstanceOf(ContractViolation)
    await expect(fetch(url, { headers: { prefer: 'code=502' } })).rejects.toBeInstanceOf(ContractViolation)
    await expect(fetch(url, { headers: { 'x-sandbox-fault': 'status=42' } })).rejects.toBeInstanceOf(ContractViolation)
    expect(checker.violations).toHaveLength(3)
  })

  it('checks a webhook delivery before it is sent, against the delivery schema', async () => {
    let sent = 0
    const checker = new ContractChecker()
    const fetch = checkedFetch(
      async () => {
        sent++
        return new Response(null, { status: 204 })
      },
      () => checker,
    )
    const signed = { digest: 'SHA-256=x', signature: 'sig1=:AA==:', 'signature-input': 'sig1=("@method");keyid="k"' }
    const event = {
      id: '72da9e41-9926-419f-976e-4c8069a04249',
      created_at: '2021-07-21T14:10:00Z',
      type: 'ACCOUNT_GROUP.CREATED',
      object: DOCUMENTED_ACCOUNT_GROUP,
      webhook_id: '9df39835-be87-4243-9018-f2500b39cee6',
    }
    const deliver = (body: unknown, headers: Record<string, string> = signed) =>
      fetch('http://127.0.0.1:9000/hooks', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      })
    expect((await deliver({ payload: [event] })).status).toBe(204)
    await expect(deliver({ payload: [] })).rejects.toThrow(
      /^webhook delivery POST [\s\S]* body\/payload must NOT have fewer than 1 items/,
    )
    await expect(deliver({ payload: [{ ...event, type: 'ACCOUNT_GROUP.MERGED' }] })).rejects.toBeInstanceOf(
      ContractViolation,
    )
    const { signature: _, ...unsigned } = signed
    await expect(deliver({ payload: [event] }, unsigned)).rejects.toThrow('header signature is required but missing')
    expect(sent).toBe(1)
    expect(checker.violations).toHaveLength(3)
  })

  it('is what the suite’s fetch is: every test’s responses are checked', () => {
    expect(unwrapFetch(globalThis.fetch)).toBeTypeOf('function')
  })
})
