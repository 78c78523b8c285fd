import { beforeEach, describe, expect, it } from 'vitest'
import { defaultWith, FULL, READ_ONLY } from '../../../test/support/upvestApi.js'
import { fromFetchRequest } from '../../adapters/fromFetchRequest.js'
import { createSandbox } from '../../index.js'
import { negotiate } from '../protocol/negotiate.js'
import { UpvestError } from '../protocol/UpvestError.js'
import { authenticate } from './authenticate.js'
import { gatekeep } from './gatekeep.js'
import { issueToken } from './issueToken.js'

const sandbox = await createSandbox({ scenario: 'default', seed: 1 })
beforeEach(() => sandbox.reset())

const credentials = (scope: string, client = FULL) => ({
  client_id: client.id,
  client_secret: client.secret,
  grant_type: 'client_credentials' as const,
  scope,
})

function failure(work: () => unknown): UpvestError {
  try {
    work()
  } catch (error) {
    expect(error).toBeInstanceOf(UpvestError)
    return error as UpvestError
  }
  throw new Error('expected an UpvestError')
}

async function asyncFailure(work: () => Promise<unknown>): Promise<UpvestError> {
  const error = await work().then(
    () => undefined,
    (thrown: unknown) => thrown,
  )
  expect(error).toBeInstanceOf(UpvestError)
  return error as UpvestError
}

describe('negotiate', () => {
  it.each([
    ['application/json', true],
    ['application/json;q=1, application/problem+json;q=0', true],
    ['text/html, */*;q=0.1', true],
    ['application/*', true],
    ['APPLICATION/JSON', true],
    ['', true],
    ['application/problem+json', true],
    ['application/json, application/problem+json', true],
    ['application/problem+json;q=0.9, application/json;q=0.5', true],
    ['application/json;charset=utf-8', true],
    ['application/problem+json; charset=UTF-8', true],
    ['text/html;q=0.9, application/problem+json;q=0.1', true],
    ['application/*;q=0.2', true],
    ['*/*;q=0.1', true],
    // The most specific range decides: application/* says no, application/problem+json yes.
    ['application/*;q=0, application/problem+json', true],
    ['text/html', false],
    ['text/html, application/xml', false],
    ['application/json;q=0', false],
    ['application/json;q=0, application/problem+json;q=0', false],
    // A range naming JSON outranks a wildcard: q=0 on it rules JSON out, whatever */* allows.
    ['application/json;q=0, */*', false],
    ['application/json;q=0, application/problem+json', false],
    ['application/*;q=0, text/*', false],
    ['*/*;q=0', false],
  ])('accept %j is acceptable: %s', (accept, acceptable) => {
    const check = () => negotiate(new Headers({ accept }))
    if (acceptable) expect(check).not.toThrow()
    else expect(failure(check).status).toBe(406)
  })

  it('allows only version 1, or none', () => {
    expect(() => negotiate(new Headers({ 'upvest-api-version': '1' }))).not.toThrow()
    expect(() => negotiate(new Headers())).not.toThrow()
    expect(failure(() => negotiate(new Headers({ 'upvest-api-version': '2' }))).status).toBe(400)
  })
})

describe('issueToken', () => {
  it('stores a token with the granted scopes, deduplicated, expiring after tokenLifetime', async () => {
    const reply = await issueToken(sandbox.upvest, FULL.id, credentials('users:read  users:read accounts:read'))
    expect(reply).toEqual({
      access_token: expect.any(String),
      expires_in: 3600,
      token_type: 'bearer',
      scope: 'users:read accounts:read',
    })
    expect(sandbox.store.upvestTokens.get(reply.access_token)).toMatchObject({
      scopes: ['users:read', 'accounts:read'],
      expires_at: '2025-01-15T10:00:00Z',
    })
  })

  it('refuses bad credentials (401), foreign scopes (403) and an empty scope (400), storing nothing', async () => {
    expect(
      (
        await asyncFailure(() =>
          issueToken(sandbox.upvest, FULL.id, { ...credentials('users:read'), client_secret: 'x' }),
        )
      ).status,
    ).toBe(401)
    expect((await asyncFailure(() => issueToken(sandbox.upvest, READ_ONLY.id, credentials('users:read')))).status).toBe(
      401,
    )
    expect(
      (await asyncFailure(() => issueToken(sandbox.upvest, READ_ONLY.id, credentials('accounts:admin', READ_ONLY))))
        .status,
    ).toBe(403)
    expect(
      (await asyncFailure(() => issueToken(sandbox.upvest, FULL.id, credentials('admin:everything')))).status,
    ).toBe(403)
    expect((await asyncFailure(() => issueToken(sandbox.upvest, FULL.id, credentials(' ')))).status).toBe(400)
    expect(sandbox.store.upvestTokens.size).toBe(0)
  })

  it('forgets tokens a day past their expiry when issuing new ones, and keeps recently expired ones', async () => {
    const old = await issueToken(sandbox.upvest, FULL.id, credentials('users:read'))
    await sandbox.clock.advance('2h')
    const recent = await issueToken(sandbox.upvest, FULL.id, credentials('users:read'))
    expect(sandbox.store.upvestTokens.has(old.access_token)).toBe(true)
    await sandbox.clock.advance('24h')
    const fresh = await issueToken(sandbox.upvest, FULL.id, credentials('users:read'))
    expect(sandbox.store.upvestTokens.has(old.access_token)).toBe(false)
    expect(sandbox.store.upvestTokens.has(recent.access_token)).toBe(true)
    expect(sandbox.store.upvestTokens.has(fresh.access_token)).toBe(true)
    const bearer = new Headers({ authorization: `Bearer ${recent.access_token}`, 'upvest-client-id': FULL.id })
    expect(failure(() => authenticate(sandbox.upvest, bearer)).detail).toMatch(/expired/)
  })

  it("uses the scenario's tokenLifetime", async () => {
    const short = await defaultWith({ options: { tokenLifetime: 60 } })
    const reply = await issueToken(short.upvest, FULL.id, credentials('users:read'))
    expect(reply.expires_in).toBe(60)
    expect(short.store.upvestTokens.get(reply.access_token)?.expires_at).toBe('2025-01-15T09:01:00Z')
  })
})

describe('authenticate', () => {
  const headers = (token: string, client = FULL.id) =>
    new Headers({ authorization: `Bearer ${token}`, 'upvest-client-id': client })

  it('finds the client of a live token for the same tenant', async () => {
    const { access_token } = await issueToken(sandbox.upvest, FULL.id, credentials('users:read'))
    expect(authenticate(sandbox.upvest, headers(access_token)).client.id).toBe(FULL.id)
    expect(
      authenticate(
        sandbox.upvest,
        new Headers({ authorization: `bearer ${access_token}`, 'upvest-client-id': FULL.id }),
      ).token.id,
    ).toBe(access_token)
  })

  it('answers 400 without a tenant and 401 for a missing, unknown, expired or foreign token', async () => {
    const { access_token } = await issueToken(sandbox.upvest, FULL.id, credentials('users:read'))
    const missingTenant = failure(() =>
      authenticate(sandbox.upvest, new Headers({ authorization: `Bearer ${access_token}` })),
    )
    expect([missingTenant.status, missingTenant.options.title]).toEqual([400, 'Missing Client ID'])
    expect(failure(() => authenticate(sandbox.upvest, new Headers({ 'upvest-client-id': FULL.id }))).status).toBe(401)
    expect(failure(() => authenticate(sandbox.upvest, headers('nope'))).status).toBe(401)
    expect(failure(() => authenticate(sandbox.upvest, headers(access_token, READ_ONLY.id))).status).toBe(401)
    await sandbox.clock.advance('1h')
    expect(failure(() => authenticate(sandbox.upvest, headers(access_token))).detail).toMatch(/expired/)
  })
})

describe('gatekeep', () => {
  it('takes any one of the scopes, then requires a uuid idempotency key on POST only', async () => {
    const { access_token } = await issueToken(sandbox.upvest, FULL.id, credentials('accounts:read'))
    const request = (method: string, extra: Record<string, string> = {}) =>
      fromFetchRequest(
        new Request('https://sandbox.upvest.co/account_groups', {
          method,
          headers: { authorization: `Bearer ${access_token}`, 'upvest-client-id': FULL.id, ...extra },
        }),
      )
    expect(
      (await gatekeep(sandbox.upvest, await request('GET'), ['accounts:read', 'accounts:admin'])).idempotencyKey,
    ).toBeNull()
    expect(
      (await asyncFailure(async () => gatekeep(sandbox.upvest, await request('GET'), ['accounts:admin']))).status,
    ).toBe(403)
    const missing = await asyncFailure(async () => gatekeep(sandbox.upvest, await request('POST'), ['accounts:read']))
    expect(missing.options).toEqual({ title: 'Missing idempotency key', type: 'missing_idempotency_key' })
    const key = '3fa85f64-5717-4562-b3fc-2c963f66afa6'
    expect(
      (await gatekeep(sandbox.upvest, await request('POST', { 'idempotency-key': key }), ['accounts:read']))
        .idempotencyKey,
    ).toBe(key)
    expect(
      (
        await asyncFailure(async () =>
          gatekeep(sandbox.upvest, await request('POST', { 'idempotency-key': 'abc' }), ['accounts:read']),
        )
      ).status,
    ).toBe(400)
  })
})
