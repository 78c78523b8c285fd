import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSandbox } from '../../src/index.js'
import { startServer } from '../../src/node.js'
import { upvestHeaders, upvestToken } from '../support/upvest.js'
import { ANNA, call, expectProblem, GROUPS, token } from '../support/upvestApi.js'

// Tokens are secrets, not data: a token held from before a reset or a restart must never become valid
// again, while the ids of the data stay a function of the scenario and the seed.

const sandbox = await createSandbox({ scenario: 'default', seed: 1 })
const server = setupServer(...sandbox.handlers)

describe('in-process, across resets', () => {
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
  afterAll(() => server.close())

  it('issues another token for the same credentials after a reset, and the stale one stays 401', async () => {
    const before = await token('accounts:read')
    expect((await call(`/account_groups/${GROUPS.documented}`, { token: before })).status).toBe(200)
    await sandbox.reset()
    const after = await token('accounts:read')
    expect(after).not.toBe(before)
    await expectProblem(await call(`/account_groups/${GROUPS.documented}`, { token: before }), 401)
    expect((await call(`/account_groups/${GROUPS.documented}`, { token: after })).status).toBe(200)
  })

  it('keeps the ids of created data the same for the same seed, tokens apart', async () => {
    const run = async () => {
      await sandbox.reset()
      const bearer = await token('accounts:admin')
      const response = await call('/account_groups', {
        method: 'POST',
        token: bearer,
        body: { user_id: ANNA, type: 'ISA' },
      })
      return { bearer, group: await response.json() }
    }
    const first = await run()
    const second = await run()
    expect(second.group).toEqual(first.group)
    expect(second.bearer).not.toBe(first.bearer)
  })
})

describe('over HTTP, across resets and restarts of the same data file', () => {
  const read = (base: string, bearer: string) =>
    fetch(`${base}/account_groups/${GROUPS.documented}`, { headers: upvestHeaders(bearer) })

  it('never hands out a token again that was issued before a reset and a restart', async () => {
    const dataFile = join(await mkdtemp(join(tmpdir(), 'sandbox-tokens-')), 'state.json')
    const first = await startServer({ port: 0, dataFile })
    const issued = await upvestToken(first.url)
    expect((await read(first.url, issued)).status).toBe(200)
    expect((await fetch(`${first.url}/__sandbox/reset`, { method: 'POST' })).status).toBe(200)
    expect((await read(first.url, issued)).status).toBe(401)
    await first.close()

    const second = await startServer({ port: 0, dataFile })
    let fresh: string
    try {
      fresh = await upvestToken(second.url)
      expect(fresh).not.toBe(issued)
      expect((await read(second.url, issued)).status).toBe(401)
      expect((await read(second.url, fresh)).status).toBe(200)
    } finally {
      await second.close()
    }

    // A live token is data of the file it was saved in: it survives a plain restart; the stale one does not.
    const third = await startServer({ port: 0, dataFile })
    try {
      expect((await read(third.url, fresh)).status).toBe(200)
      expect((await read(third.url, issued)).status).toBe(401)
      expect(await upvestToken(third.url)).not.toBe(fresh)
    } finally {
      await third.close()
    }
  })

  it('never hands out the token of an earlier server without a data file', async () => {
    const first = await startServer({ port: 0 })
    const issued = await upvestToken(first.url)
    await first.close()
    const second = await startServer({ port: 0 })
    try {
      expect(await upvestToken(second.url)).not.toBe(issued)
      expect((await read(second.url, issued)).status).toBe(401)
    } finally {
      await second.close()
    }
  })
})
