import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServer, startServer } from '../../src/node.js'
import { type CallOptions, call, expectProblem, FULL, KARL, UUID } from '../support/upvestApi.js'

let running: RunningServer
beforeAll(async () => {
  running = await startServer({ port: 0, scenario: 'default' })
})
afterAll(() => running.close())

// An isolated sandbox on the shared server, as parallel clients use it.
const SANDBOX = { 'x-sandbox-id': 'upvest-http-flow' }

/** An Upvest call to the local server's isolated sandbox. */
function upvest(path: string, options: CallOptions = {}) {
  return call(path, { ...options, base: running.url, headers: { ...SANDBOX, ...options.headers } })
}

describe('Upvest over the local server: from a token to a closed account group', () => {
  it('issues tokens, creates, replays, reads, lists and closes on the sandbox clock', async () => {
    const tokenResponse = await upvest('/auth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: FULL.id,
        client_secret: FULL.secret,
        grant_type: 'client_credentials',
        scope: 'accounts:read accounts:admin',
      }).toString(),
    })
    expect(tokenResponse.status).toBe(200)
    const { access_token: token, expires_in, scope } = await tokenResponse.json()
    expect([expires_in, scope]).toEqual([3600, 'accounts:read accounts:admin'])

    const key = crypto.randomUUID()
    const create = () =>
      upvest('/account_groups', {
        method: 'POST',
        token,
        headers: { 'idempotency-key': key },
        body: { user_id: KARL, type: 'LEGAL_ENTITY' },
      })
    const created = await create()
    expect(created.status).toBe(200)
    expect(created.headers.get('upvest-request-id')).toMatch(UUID)
    const group = await created.json()
    expect(group).toMatchObject({ status: 'ACTIVE', type: 'LEGAL_ENTITY', users: [{ id: KARL, type: 'OWNER' }] })
    expect(await (await create()).json()).toEqual(group)

    expect(await (await upvest(`/account_groups/${group.id}`, { token })).json()).toEqual(group)
    const list = await (
      await upvest(`/users/${KARL}/account_groups?sort=created_at&order=DESC&limit=1`, { token })
    ).json()
    expect(list).toEqual({
      meta: { offset: 0, limit: 1, count: 1, total_count: 4, sort: 'created_at', order: 'DESC' },
      data: [group],
    })

    const closing = await upvest(`/account_groups/${group.id}?closure_reason=user_initiated`, {
      method: 'DELETE',
      token,
    })
    expect(closing.status).toBe(202)
    expect(await closing.text()).toBe('')
    expect((await (await upvest(`/account_groups/${group.id}`, { token })).json()).status).toBe('CLOSING')
    await expectProblem(await upvest(`/account_groups/${group.id}`, { method: 'DELETE', token }), 409)

    const advanced = await fetch(`${running.url}/__sandbox/clock/advance`, {
      method: 'POST',
      headers: { ...SANDBOX, 'content-type': 'application/json' },
      body: JSON.stringify({ by: '5s' }),
    })
    expect(advanced.status).toBe(200)
    const closed = await (await upvest(`/account_groups/${group.id}`, { token })).json()
    expect(closed.status).toBe('CLOSED')
    expect(Date.parse(closed.updated_at)).toBeGreaterThan(Date.parse(group.updated_at))

    const sandbox = await running.registry.get('upvest-http-flow')
    expect([...sandbox.sandbox.store.upvestEvents.all()].map((event) => event.type)).toEqual([
      'ACCOUNT_GROUP.CREATED',
      'ACCOUNT_GROUP.CLOSING_INITIATED',
      'ACCOUNT_GROUP.CLOSED',
    ])
  })

  it('answers gate errors as problem+json over HTTP too', async () => {
    await expectProblem(await upvest('/account_groups'), 401)
    const noTenant = await fetch(`${running.url}/account_groups`, { headers: SANDBOX })
    expect((await expectProblem(noTenant, 400)).title).toBe('Missing Client ID')
  })
})
