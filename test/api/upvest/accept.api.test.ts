import { setupServer } from 'msw/node'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createSandbox } from '../../../src/index.js'
import { call, expectProblem, FULL, GROUPS, token, UPVEST } from '../../support/upvestApi.js'

// The accept forms real clients send. The API answers JSON on success, problem+json on every error and
// nothing on a 202; a client may ask for any of them (a generated SDK sends problem+json alone on closure).

const sandbox = await createSandbox({ scenario: 'default', seed: 1 })
const server = setupServer(...sandbox.handlers)
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterAll(() => server.close())
beforeEach(() => sandbox.reset())

const ACCEPTABLE = [
  'application/problem+json',
  'application/json, application/problem+json',
  'application/json;q=1, application/problem+json;q=0',
  'application/problem+json;q=0.9, application/json;q=0.5',
  'application/json; charset=utf-8',
  'application/problem+json;charset=UTF-8',
  '*/*',
  '*/*;q=0.8',
  'application/*',
  'text/html, */*;q=0.1',
]

describe('accept (docs/upvest.md#gatekeeping)', () => {
  it.each(ACCEPTABLE)('%j: closes with an empty 202, reads with 200, and errs in problem+json', async (accept) => {
    const admin = await token('accounts:admin')
    const closed = await call(`/account_groups/${GROUPS.legalEntity}?closure_reason=user_initiated`, {
      method: 'DELETE',
      token: admin,
      headers: { accept },
    })
    expect(closed.status).toBe(202)
    expect(await closed.text()).toBe('')
    const read = await call(`/account_groups/${GROUPS.documented}`, { token: admin, headers: { accept } })
    expect(read.status).toBe(200)
    await expectProblem(
      await call('/account_groups/00000000-0000-4000-8000-000000000000', { token: admin, headers: { accept } }),
      404,
    )
    await expectProblem(
      await call(`/account_groups/${GROUPS.karlChild}`, { method: 'DELETE', token: admin, headers: { accept } }),
      409,
    )
  })

  it('issues tokens and verify keys to a client that accepts problem+json only', async () => {
    const response = await fetch(`${UPVEST}/auth/token`, {
      method: 'POST',
      headers: {
        accept: 'application/problem+json',
        'content-type': 'application/x-www-form-urlencoded',
        'upvest-client-id': FULL.id,
      },
      body: new URLSearchParams({
        client_id: FULL.id,
        client_secret: FULL.secret,
        grant_type: 'client_credentials',
        scope: 'accounts:read',
      }),
    })
    expect(response.status).toBe(200)
    const keys = await fetch(`${UPVEST}/auth/verify_keys`, { headers: { accept: 'application/problem+json' } })
    expect(keys.status).toBe(200)
  })

  it.each([
    'text/html',
    'text/html, application/xml;q=0.9',
    'application/json;q=0',
    'application/json;q=0, application/problem+json;q=0',
    '*/*;q=0',
  ])('%j: 406 before anything else happens', async (accept) => {
    const admin = await token('accounts:admin')
    const closure = await call(`/account_groups/${GROUPS.legalEntity}`, {
      method: 'DELETE',
      token: admin,
      headers: { accept },
    })
    const body = await expectProblem(closure, 406, /allows neither application\/json nor application\/problem\+json/)
    expect(body).toMatchObject({ type: 'https://docs.upvest.co/errors/not_acceptable', title: 'Not Acceptable' })
    expect((await call(`/account_groups/${GROUPS.legalEntity}`, { token: admin })).status).toBe(200)
    expect(await (await call(`/account_groups/${GROUPS.legalEntity}`, { token: admin })).json()).toMatchObject({
      status: 'ACTIVE',
    })
  })

  it.each([
    'application/json;q=0, */*',
    'application/json;q=0, application/*',
    'application/json;q=0, application/problem+json',
  ])('%j: 406, an explicit q=0 ruling JSON out whatever a wider range allows', async (accept) => {
    const admin = await token('accounts:admin')
    const read = await call(`/account_groups/${GROUPS.documented}`, { token: admin, headers: { accept } })
    await expectProblem(read, 406, /rules out application\/json/)
    const closure = await call(`/account_groups/${GROUPS.legalEntity}`, {
      method: 'DELETE',
      token: admin,
      headers: { accept },
    })
    await expectProblem(closure, 406)
    expect(await (await call(`/account_groups/${GROUPS.legalEntity}`, { token: admin })).json()).toMatchObject({
      status: 'ACTIVE',
    })
  })
})
