import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createSandbox } from '../../../src/index.js'
import { call, expectProblem, GROUPS, token } from '../../support/upvestApi.js'

// An unexpected failure's message may name internals (a query, a path, a stack); the client gets a generic
// 500 problem and the message goes to the log.

const SECRET = 'connection to /srv/internal/store.db refused'
const sandbox = await createSandbox({ scenario: 'default' })
const server = setupServer(...sandbox.handlers)
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterAll(() => server.close())
afterEach(() => vi.restoreAllMocks())

describe('unexpected failures (docs/upvest.md#unexpected-errors)', () => {
  it('answer a 500 problem with a generic detail, and log the error', async () => {
    const admin = await token('accounts:admin')
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    const failure = new Error(SECRET)
    vi.spyOn(sandbox.store.upvestAccountGroups, 'get').mockImplementation(() => {
      throw failure
    })
    const response = await call(`/account_groups/${GROUPS.documented}`, { token: admin })
    const body = await expectProblem(response, 500, 'Unexpected error')
    expect(JSON.stringify(body)).not.toContain('srv')
    expect(body.type).toBe('https://docs.upvest.co/errors/internal_server_error')
    expect(logged).toHaveBeenCalledWith(failure)
  })
})
