import { setupServer } from 'msw/node'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  ANNA,
  call,
  defaultWith,
  expectProblem,
  FULL,
  GROUPS,
  KARL,
  READ_ONLY,
  token,
  UPVEST,
} from '../../support/upvestApi.js'

// Three calls a minute for the full client; the read-only client has no limit.
const sandbox = await defaultWith({ clients: { [FULL.id]: { rate_limit: { limit: 3, window: '1m' } } } })
const server = setupServer(...sandbox.handlers)
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterAll(() => server.close())
beforeEach(() => sandbox.reset())

const admin = 'accounts:read accounts:admin users:read'

/** Uses up the window with a token request and one more call, then makes `request` the fourth. */
async function fourthCall(request: (bearer: string) => Promise<Response>): Promise<Response> {
  const bearer = await token(admin)
  expect((await call('/users', { token: bearer })).status).toBe(200)
  expect((await request(bearer)).status).not.toBe(429)
  return request(bearer)
}

describe('rate limit per upvest-client-id (429 too_many_requests)', () => {
  it.each<[string, (bearer: string) => Promise<Response>]>([
    ['GET /users', (bearer) => call('/users', { token: bearer })],
    ['GET /users/{user_id}', (bearer) => call(`/users/${KARL}`, { token: bearer })],
    ['GET /users/{user_id}/account_groups', (bearer) => call(`/users/${KARL}/account_groups`, { token: bearer })],
    ['GET /account_groups', (bearer) => call('/account_groups', { token: bearer })],
    [
      'POST /account_groups',
      (bearer) => call('/account_groups', { method: 'POST', token: bearer, body: { user_id: ANNA, type: 'ISA' } }),
    ],
    ['GET /account_groups/{id}', (bearer) => call(`/account_groups/${GROUPS.documented}`, { token: bearer })],
    [
      'DELETE /account_groups/{id}',
      (bearer) =>
        call(`/account_groups/${GROUPS.legalEntity}?notification_only=true`, { method: 'DELETE', token: bearer }),
    ],
    [
      'POST /auth/token',
      () =>
        fetch(`${UPVEST}/auth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'upvest-client-id': FULL.id },
          body: new URLSearchParams({
            client_id: FULL.id,
            client_secret: FULL.secret,
            grant_type: 'client_credentials',
            scope: 'users:read',
          }),
        }),
    ],
    ['GET /auth/verify_keys', () => fetch(`${UPVEST}/auth/verify_keys`, { headers: { 'upvest-client-id': FULL.id } })],
  ])('%s answers 429 over the limit', async (_row, request) => {
    const body = await expectProblem(await fourthCall(request), 429, /^Too many requests/)
    expect(body).toMatchObject({ type: 'https://docs.upvest.co/errors/too_many_requests', title: 'Too Many Requests' })
  })

  it('lets calls through again once the window has passed on the sandbox clock, and spares other clients', async () => {
    const bearer = await token(admin)
    for (let i = 0; i < 2; i++) await call('/users', { token: bearer })
    await expectProblem(await call('/users', { token: bearer }), 429)
    const groups = sandbox.store.upvestAccountGroups.size
    await expectProblem(
      await call('/account_groups', { method: 'POST', token: bearer, body: { user_id: ANNA, type: 'ISA' } }),
      429,
    )
    expect(sandbox.store.upvestAccountGroups.size).toBe(groups)
    expect((await call('/users', { token: await token('users:read', READ_ONLY), client: READ_ONLY })).status).toBe(200)
    await sandbox.clock.advance('1m')
    expect((await call('/users', { token: bearer })).status).toBe(200)
  })
})
