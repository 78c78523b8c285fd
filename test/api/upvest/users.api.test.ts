import { setupServer } from 'msw/node'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import upvestPage from '../../../fixtures/upvest-account-groups-page.json' with { type: 'json' }
import { createSandbox } from '../../../src/index.js'
import { ANNA, CLAIRE, call, expectProblem, GROUPS, KARL, READ_ONLY, token, UUID } from '../../support/upvestApi.js'

const sandbox = await createSandbox({ scenario: 'default', seed: 1 })
const server = setupServer(...sandbox.handlers)
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterAll(() => server.close())
beforeEach(() => sandbox.reset())

describe('GET /users', () => {
  it("lists the client's own users in the list envelope, oldest first", async () => {
    const response = await call('/users', { token: await token('users:read') })
    expect(response.status).toBe(200)
    expect(response.headers.get('upvest-request-id')).toMatch(UUID)
    const body = await response.json()
    expect(body.meta).toEqual({ offset: 0, limit: 100, count: 2, total_count: 2, sort: 'created_at', order: 'ASC' })
    expect(body.data.map((user: { id: string }) => user.id)).toEqual([ANNA, KARL])

    const other = await call('/users?order=DESC', { token: await token('users:read', READ_ONLY), client: READ_ONLY })
    expect((await other.json()).data.map((user: { id: string }) => user.id)).toEqual([CLAIRE])
  })

  it('pages with limit and offset and answers 400 naming a bad parameter', async () => {
    const bearer = await token('users:admin')
    const page = await (await call('/users?limit=1&offset=1', { token: bearer })).json()
    expect(page.meta).toMatchObject({ offset: 1, limit: 1, count: 1, total_count: 2 })
    expect(page.data[0].id).toBe(KARL)
    await expectProblem(await call('/users?limit=0', { token: bearer }), 400, /^limit: /)
    await expectProblem(await call('/users?sort=updated_at', { token: bearer }), 400, /^sort: /)
  })

  it('answers 401, 403 and 406 at the gate', async () => {
    await expectProblem(await call('/users'), 401)
    await expectProblem(await call('/users', { token: await token('accounts:read') }), 403)
    await expectProblem(
      await call('/users', { token: await token('users:read'), headers: { accept: 'text/html' } }),
      406,
    )
  })
})

describe('GET /users/{user_id}', () => {
  it('returns the minimal TOL user (docs/upvest.md#users), as documented', async () => {
    const response = await call(`/users/${KARL}`, { token: await token('users:read') })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual(upvestPage.examples.user)
  })

  it("answers 404 for an unknown, malformed or another client's user", async () => {
    const bearer = await token('users:read')
    await expectProblem(await call('/users/00000000-0000-4000-8000-000000000000', { token: bearer }), 404)
    await expectProblem(await call('/users/karl', { token: bearer }), 404)
    await expectProblem(await call(`/users/${CLAIRE}`, { token: bearer }), 404, `User ${CLAIRE} not found`)
  })

  it('answers 401, 403 and 406 at the gate', async () => {
    await expectProblem(await call(`/users/${KARL}`), 401)
    await expectProblem(await call(`/users/${KARL}`, { token: await token('accounts:admin') }), 403)
    await expectProblem(
      await call(`/users/${KARL}`, { token: await token('users:read'), headers: { accept: 'text/plain' } }),
      406,
    )
  })
})

describe('GET /users/{user_id}/account_groups', () => {
  it("lists one user's account groups, in any status", async () => {
    const response = await call(`/users/${KARL}/account_groups`, { token: await token('accounts:read') })
    expect(response.status).toBe(200)
    const body = await response.json()
    expect(body.meta).toEqual({ offset: 0, limit: 100, count: 3, total_count: 3, sort: 'created_at', order: 'ASC' })
    expect(body.data.map((group: { id: string }) => group.id)).toEqual([
      GROUPS.karlPersonal,
      GROUPS.karlPea,
      GROUPS.karlChild,
    ])
    const byUpdate = await (
      await call(`/users/${KARL}/account_groups?sort=updated_at&order=DESC`, { token: await token('accounts:read') })
    ).json()
    expect(byUpdate.data.map((group: { id: string }) => group.id)).toEqual([
      GROUPS.karlChild,
      GROUPS.karlPea,
      GROUPS.karlPersonal,
    ])
  })

  it('answers 400 naming a bad parameter and 404 for a user the client does not have', async () => {
    const bearer = await token('accounts:read')
    await expectProblem(await call(`/users/${KARL}/account_groups?order=asc`, { token: bearer }), 400, /^order: /)
    await expectProblem(await call(`/users/${KARL}/account_groups?offset=-1`, { token: bearer }), 400, /^offset: /)
    await expectProblem(await call(`/users/${CLAIRE}/account_groups`, { token: bearer }), 404)
    await expectProblem(
      await call('/users/00000000-0000-4000-8000-000000000000/account_groups', { token: bearer }),
      404,
    )
  })

  it('answers 401, 403 and 406 at the gate', async () => {
    await expectProblem(await call(`/users/${KARL}/account_groups`), 401)
    await expectProblem(await call(`/users/${KARL}/account_groups`, { token: await token('users:read') }), 403)
    await expectProblem(
      await call(`/users/${KARL}/account_groups`, {
        token: await token('accounts:read'),
        headers: { accept: 'text/html' },
      }),
      406,
    )
  })
})
