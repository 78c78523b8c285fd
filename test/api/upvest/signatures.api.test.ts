import { setupServer } from 'msw/node'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { generateClientKey, type SignOptions, signRequest } from '../../support/signing.js'
import {
  ANNA,
  call,
  defaultWith,
  expectProblem,
  FULL,
  GROUPS,
  READ_ONLY,
  token,
  UPVEST,
} from '../../support/upvestApi.js'

const key = await generateClientKey()
const sandbox = await defaultWith({
  options: { verifySignatures: true },
  clients: { [FULL.id]: { public_key: key.publicJwk } },
})
const server = setupServer(...sandbox.handlers)
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterAll(() => server.close())
beforeEach(() => sandbox.reset())

function request(path: string, bearer: string, init: { method?: string; body?: unknown } = {}): Request {
  const headers: Record<string, string> = {
    accept: 'application/json',
    authorization: `Bearer ${bearer}`,
    'upvest-client-id': FULL.id,
  }
  if (init.body !== undefined) headers['content-type'] = 'application/json'
  if (init.method === 'POST') headers['idempotency-key'] = crypto.randomUUID()
  return new Request(`${UPVEST}${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })
}

const signed = async (req: Request, options?: SignOptions) => fetch(await signRequest(req, key, options))

describe('HTTP message signatures (docs/upvest.md#signatures) when the scenario turns them on', () => {
  it('accepts v15 signatures with DER or raw ECDSA, over GET with a query and POST with a body', async () => {
    const reader = await token('accounts:read')
    expect((await signed(request(`/account_groups/${GROUPS.documented}`, reader))).status).toBe(200)
    expect((await signed(request('/account_groups?limit=2&order=DESC', reader), { encoding: 'raw' })).status).toBe(200)
    const admin = await token('accounts:admin')
    const created = await signed(
      request('/account_groups', admin, { method: 'POST', body: { user_id: ANNA, type: 'ISA' } }),
    )
    expect(created.status).toBe(200)
  })

  it('needs no signature on /auth/token and /auth/verify_keys', async () => {
    expect(await token('accounts:read')).toBeTruthy()
    expect((await fetch(`${UPVEST}/auth/verify_keys`)).status).toBe(200)
  })

  it('answers 401 "Signature is incorrect" for a missing, tampered, expired or too narrow signature', async () => {
    const bearer = await token('accounts:admin')
    const path = `/account_groups/${GROUPS.documented}`
    const cases: Promise<Response>[] = [
      call(path, { token: bearer }),
      // Signed for one group, sent for another.
      signRequest(request(path, bearer), key).then((req) =>
        fetch(req.url.replace(GROUPS.documented, GROUPS.legalEntity), { headers: req.headers }),
      ),
      signed(request(path, bearer), {
        expires: Math.floor(Date.now() / 1000) - 3600,
        created: Math.floor(Date.now() / 1000) - 3660,
      }),
      signed(request(path, bearer), { components: ['@method', 'upvest-client-id'] }),
      signed(request('/account_groups?limit=1', bearer), { components: ['@method', '@path', 'authorization'] }),
      signed(request('/account_groups', bearer, { method: 'POST', body: { user_id: ANNA, type: 'ISA' } }), {
        digest: `sha-512=:${btoa('not the digest')}:`,
      }),
      signed(request('/account_groups', bearer, { method: 'POST', body: { user_id: ANNA, type: 'ISA' } }), {
        components: ['@method', '@path', 'authorization'],
      }),
    ]
    for (const response of await Promise.all(cases)) {
      const body = await expectProblem(response, 401, 'Signature is incorrect')
      expect(body).toMatchObject({ type: 'https://docs.upvest.co/errors/unauthorised', title: 'Unauthorised' })
    }
    expect(sandbox.store.upvestAccountGroups.size).toBe(7)
  })

  it('refuses a signature sent again within its lifetime with 401, and forgets it on reset', async () => {
    const reader = await token('accounts:read')
    const once = await signRequest(request(`/account_groups/${GROUPS.documented}`, reader), key)
    expect((await fetch(once.clone())).status).toBe(200)
    await expectProblem(await fetch(once.clone()), 401, 'Signature is incorrect')
    // Signed afresh, the very same request passes.
    expect((await signed(request(`/account_groups/${GROUPS.documented}`, reader))).status).toBe(200)
    expect(sandbox.upvest.state.signatures.size).toBe(2)
    await sandbox.reset()
    expect(sandbox.upvest.state.signatures.size).toBe(0)
  })

  it('dates signatures by the wall clock, not the sandbox clock: a stale one is 401 wherever the sandbox clock stands', async () => {
    await sandbox.clock.advance('30d')
    const reader = await token('accounts:read')
    const path = `/account_groups/${GROUPS.documented}`
    expect((await signed(request(path, reader))).status).toBe(200)
    const sandboxTime = Math.floor(sandbox.clock.now().getTime() / 1000)
    await expectProblem(
      await signed(request(path, reader), { created: sandboxTime, expires: sandboxTime + 60 }),
      401,
      'Signature is incorrect',
    )
    const wall = Math.floor(Date.now() / 1000)
    await expectProblem(
      await signed(request(path, reader), { created: wall - 600, expires: wall - 120 }),
      401,
      'Signature is incorrect',
    )
  })

  it('answers 401 for a signature by another key, or a client without a key in the scenario', async () => {
    const stranger = await generateClientKey()
    const bearer = await token('accounts:read')
    const forged = await signRequest(request(`/account_groups/${GROUPS.documented}`, bearer), stranger)
    await expectProblem(await fetch(forged), 401, 'Signature is incorrect')

    const keyless = await token('accounts:read', READ_ONLY)
    const unverifiable = await signRequest(
      new Request(`${UPVEST}/account_groups/${GROUPS.clairePersonal}`, {
        headers: { authorization: `Bearer ${keyless}`, 'upvest-client-id': READ_ONLY.id, accept: 'application/json' },
      }),
      key,
    )
    await expectProblem(await fetch(unverifiable), 401, 'Signature is incorrect')
  })

  it('checks the signature last: gate errors before it keep their own status', async () => {
    await expectProblem(await call(`/account_groups/${GROUPS.documented}`), 401, /bearer token/)
    await expectProblem(await call(`/account_groups/${GROUPS.documented}`, { token: await token('users:read') }), 403)
  })
})

describe('signature checks off (the default)', () => {
  it('serves unsigned requests and ignores signature headers', async () => {
    const plain = await defaultWith({})
    server.use(...plain.handlersFor({ upvest: 'https://plain.upvest.test/' }))
    try {
      const bearer = await token('accounts:read', FULL, 'https://plain.upvest.test')
      const response = await call(`/account_groups/${GROUPS.documented}`, {
        token: bearer,
        base: 'https://plain.upvest.test',
        headers: { signature: 'sig1=:AAAA:', 'signature-input': 'sig1=("@method");keyid="x"' },
      })
      expect(response.status).toBe(200)
    } finally {
      server.resetHandlers()
    }
  })
})
