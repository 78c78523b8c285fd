import { setupServer } from 'msw/node'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createSandbox } from '../../../src/index.js'
import { call, expectProblem, FULL, GROUPS, READ_ONLY, token, UPVEST, UUID } from '../../support/upvestApi.js'

const sandbox = await createSandbox({ scenario: 'default', seed: 1 })
const server = setupServer(...sandbox.handlers)
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterAll(() => server.close())
beforeEach(() => sandbox.reset())

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString()
const credentials = { client_id: FULL.id, client_secret: FULL.secret, grant_type: 'client_credentials' }

function requestToken(
  fields: Record<string, string>,
  headers: Record<string, string> = { 'upvest-client-id': FULL.id },
): Promise<Response> {
  return fetch(`${UPVEST}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: form(fields),
  })
}

describe('POST /auth/token (docs/upvest.md#tokens)', () => {
  it('issues a bearer token for the requested scopes, stored with its expiry on the sandbox clock', async () => {
    const response = await requestToken({ ...credentials, scope: 'accounts:read accounts:admin' })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    expect(response.headers.get('upvest-request-id')).toMatch(UUID)
    const body = await response.json()
    expect(Object.keys(body)).toEqual(['access_token', 'expires_in', 'token_type', 'scope'])
    expect(body).toMatchObject({ expires_in: 3600, token_type: 'bearer', scope: 'accounts:read accounts:admin' })
    expect(body.access_token).toMatch(/^[a-zA-Z0-9\-._~+/]+=*$/)
    expect(sandbox.store.upvestTokens.get(body.access_token)).toEqual({
      id: body.access_token,
      client_id: FULL.id,
      scopes: ['accounts:read', 'accounts:admin'],
      expires_at: '2025-01-15T10:00:00Z',
    })
  })

  it('answers 400 naming the field for a bad grant_type, a missing or unknown field, or a non-form body', async () => {
    await expectProblem(
      await requestToken({ ...credentials, grant_type: 'password', scope: 'users:read' }),
      400,
      /^grant_type: /,
    )
    await expectProblem(await requestToken(credentials), 400, 'scope: is required')
    await expectProblem(
      await requestToken({ ...credentials, scope: 'users:read', audience: 'x' }),
      400,
      'audience: unknown field',
    )
    await expectProblem(
      await requestToken({ ...credentials, client_id: 'acme', scope: 'users:read' }),
      400,
      /^client_id: /,
    )
    await expectProblem(await requestToken({ ...credentials, scope: '  ' }), 400, /^scope: /)
    const json = await fetch(`${UPVEST}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'upvest-client-id': FULL.id },
      body: JSON.stringify({ ...credentials, scope: 'users:read' }),
    })
    await expectProblem(json, 400, /^content-type: /)
    expect(sandbox.store.upvestTokens.size).toBe(0)
  })

  it('answers 400 "Missing Client ID" without the upvest-client-id header', async () => {
    const body = await expectProblem(await requestToken({ ...credentials, scope: 'users:read' }, {}), 400)
    expect(body).toMatchObject({ title: 'Missing Client ID', type: 'https://docs.upvest.co/errors/bad_request' })
  })

  it('answers 401 for an unknown client, a wrong secret or a header naming another client', async () => {
    const unknown = { ...credentials, client_id: '00000000-0000-4000-8000-000000000000', scope: 'users:read' }
    for (const response of [
      await requestToken(unknown),
      await requestToken({ ...credentials, client_secret: 'nope', scope: 'users:read' }),
      await requestToken({ ...credentials, scope: 'users:read' }, { 'upvest-client-id': READ_ONLY.id }),
    ]) {
      const body = await expectProblem(response, 401)
      expect(body).toMatchObject({ type: 'https://docs.upvest.co/errors/unauthorised', title: 'Unauthorised' })
    }
    expect(sandbox.store.upvestTokens.size).toBe(0)
  })

  it('answers 403 for a scope the client may not hold', async () => {
    const response = await requestToken(
      {
        client_id: READ_ONLY.id,
        client_secret: READ_ONLY.secret,
        grant_type: 'client_credentials',
        scope: 'accounts:read accounts:admin',
      },
      { 'upvest-client-id': READ_ONLY.id },
    )
    const body = await expectProblem(response, 403, /accounts:admin/)
    expect(body).toMatchObject({ type: 'https://docs.upvest.co/errors/forbidden', title: 'Forbidden' })
  })

  it('answers 406 when accept rules out JSON and 400 for another API version', async () => {
    await expectProblem(
      await requestToken({ ...credentials, scope: 'users:read' }, { 'upvest-client-id': FULL.id, accept: 'text/html' }),
      406,
    )
    await expectProblem(
      await requestToken(
        { ...credentials, scope: 'users:read' },
        { 'upvest-client-id': FULL.id, 'upvest-api-version': '2' },
      ),
      400,
      /^upvest-api-version: /,
    )
  })

  it('issues tokens that expire by the sandbox clock', async () => {
    const bearer = await token('accounts:read')
    expect((await call(`/account_groups/${GROUPS.documented}`, { token: bearer })).status).toBe(200)
    await sandbox.clock.advance('3599s')
    expect((await call(`/account_groups/${GROUPS.documented}`, { token: bearer })).status).toBe(200)
    await sandbox.clock.advance('1s')
    await expectProblem(await call(`/account_groups/${GROUPS.documented}`, { token: bearer }), 401, /expired/)
  })
})

describe('GET /auth/verify_keys (docs/upvest.md#verify-keys)', () => {
  it('serves the JWKS of the EC P-521 webhook signing key without a token', async () => {
    const response = await fetch(`${UPVEST}/auth/verify_keys`, { headers: { accept: 'application/json' } })
    expect(response.status).toBe(200)
    expect(response.headers.get('upvest-request-id')).toMatch(UUID)
    const { keys } = await response.json()
    expect(keys).toHaveLength(1)
    expect(Object.keys(keys[0])).toEqual(['kid', 'kty', 'crv', 'x', 'y'])
    expect(keys[0]).toMatchObject({ kty: 'EC', crv: 'P-521' })
    expect(keys[0].kid).toMatch(UUID)
    expect(keys[0].x).toMatch(/^[A-Za-z0-9_-]{88}$/)
    expect(keys[0].y).toMatch(/^[A-Za-z0-9_-]{88}$/)
    // A valid public key: WebCrypto imports it.
    await crypto.subtle.importKey('jwk', keys[0], { name: 'ECDSA', namedCurve: 'P-521' }, false, ['verify'])
  })

  it('answers 406 when accept rules out JSON', async () => {
    await expectProblem(await fetch(`${UPVEST}/auth/verify_keys`, { headers: { accept: 'text/html' } }), 406)
  })
})

describe('gatekeeping (docs/upvest.md#gatekeeping) in its documented order', () => {
  it('checks version, accept, client id, token, scope, then the idempotency key', async () => {
    const reader = await token('accounts:read')
    const admin = await token('accounts:admin')
    const post = (headers: Record<string, string>) =>
      fetch(`${UPVEST}/account_groups`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ user_id: '413715f2-5401-4b97-8055-034a6b879f8c', type: 'ISA' }),
      })
    const all = { 'upvest-api-version': '2', accept: 'text/html' }
    await expectProblem(await post(all), 400, /^upvest-api-version/)
    await expectProblem(await post({ ...all, 'upvest-api-version': '1' }), 406)
    const versioned = { 'upvest-api-version': '1', accept: 'application/json;q=1, application/problem+json;q=0' }
    expect((await expectProblem(await post(versioned), 400)).title).toBe('Missing Client ID')
    const tenant = { ...versioned, 'upvest-client-id': FULL.id }
    await expectProblem(await post(tenant), 401)
    await expectProblem(await post({ ...tenant, authorization: `Bearer ${reader}` }), 403)
    const missing = await expectProblem(await post({ ...tenant, authorization: `Bearer ${admin}` }), 400)
    expect(missing).toMatchObject({
      type: 'https://docs.upvest.co/errors/missing_idempotency_key',
      title: 'Missing idempotency key',
    })
    await expectProblem(
      await post({ ...tenant, authorization: `Bearer ${admin}`, 'idempotency-key': 'not-a-uuid' }),
      400,
      /^idempotency-key: /,
    )
    const created = await post({ ...tenant, authorization: `Bearer ${admin}`, 'idempotency-key': crypto.randomUUID() })
    expect(created.status).toBe(200)
  })

  it('answers 401 for a missing, malformed, unknown or other client token', async () => {
    const path = `/account_groups/${GROUPS.documented}`
    await expectProblem(await call(path), 401)
    await expectProblem(await call(path, { headers: { authorization: 'Basic abc' } }), 401)
    await expectProblem(await call(path, { token: 'unknown-token' }), 401, /not valid/)
    const other = await token('accounts:read', READ_ONLY)
    await expectProblem(await call(path, { token: other }), 401, /another client/)
  })

  it('accepts a missing accept header, */*, and version 1', async () => {
    const bearer = await token('accounts:read')
    const variants: Record<string, string>[] = [
      { accept: '*/*' },
      { accept: 'application/*' },
      { 'upvest-api-version': '1' },
    ]
    for (const headers of variants) {
      expect((await call(`/account_groups/${GROUPS.documented}`, { token: bearer, headers })).status).toBe(200)
    }
    const bare = await fetch(`${UPVEST}/account_groups/${GROUPS.documented}`, {
      headers: { authorization: `Bearer ${bearer}`, 'upvest-client-id': FULL.id },
    })
    expect(bare.status).toBe(200)
  })
})
