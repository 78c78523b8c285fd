import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createSandbox } from '../../../src/index.js'
import { ADMIN_HEADERS } from '../../support/addepar.js'

// An unexpected failure's message may name internals (a query, a path, a stack); the client gets a generic
// 500 error document and the message goes to the log.

const SECRET = 'connection to /srv/internal/store.db refused'
const sandbox = await createSandbox({ scenario: 'default' })
const server = setupServer(...sandbox.handlers)
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterAll(() => server.close())
afterEach(() => vi.restoreAllMocks())

describe('unexpected failures (docs/addepar.md#errors)', () => {
  it('answer a 500 error document with a generic detail, and log the error', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    const failure = new Error(SECRET)
    vi.spyOn(sandbox.store.addeparGroups, 'get').mockImplementation(() => {
      throw failure
    })
    const response = await fetch('https://examplefirm.addepar.com/api/v1/groups/5', { headers: ADMIN_HEADERS })
    expect(response.status).toBe(500)
    expect(response.headers.get('content-type')).toBe('application/vnd.api+json')
    expect(await response.json()).toEqual({
      errors: [{ status: '500', title: 'Internal Server Error', detail: 'Unexpected error' }],
    })
    expect(logged).toHaveBeenCalledWith(failure)
  })
})
