import { beforeEach, describe, expect, it, vi } from 'vitest'
import { FULL, READ_ONLY } from '../../../test/support/upvestApi.js'
import { createSandbox } from '../../index.js'
import { UpvestError } from '../protocol/UpvestError.js'
import { idempotent } from './idempotent.js'

const sandbox = await createSandbox({ scenario: 'default', seed: 1 })
beforeEach(() => sandbox.reset())

const KEY = '0b7c4a9e-5a0f-4d0e-8f3b-2a1c3e5d7f90'
const request = (body: unknown, clientId = FULL.id) => ({
  clientId,
  key: KEY,
  method: 'POST',
  path: '/account_groups',
  body,
})

describe('idempotent', () => {
  it('runs the work once and replays its reply for the same request, whatever the key order', async () => {
    const work = vi.fn(async () => ({ status: 200, body: { id: 'g1' } }))
    expect(await idempotent(sandbox.upvest, request({ a: 1, b: [1, { c: 2, d: 3 }] }), work)).toEqual({
      status: 200,
      body: { id: 'g1' },
    })
    expect(await idempotent(sandbox.upvest, request({ b: [1, { d: 3, c: 2 }], a: 1 }), work)).toEqual({
      status: 200,
      body: { id: 'g1' },
    })
    expect(work).toHaveBeenCalledTimes(1)
    expect(sandbox.store.upvestIdempotency.get(`${FULL.id}:${KEY}`)).toMatchObject({
      status: 200,
      body: { id: 'g1' },
      created_at: '2025-01-15T09:00:00Z',
    })
  })

  it('fingerprints an object of many keys by its sorted keys as well, and tells a changed value apart', async () => {
    const keys = Array.from({ length: 20 }, (_, i) => `k${String(i).padStart(2, '0')}`)
    const forward = Object.fromEntries(keys.map((k, i) => [k, i]))
    const backward = Object.fromEntries([...keys].reverse().map((k) => [k, forward[k]]))
    const work = vi.fn(async () => ({ status: 201, body: { id: 'g2' } }))
    await idempotent(sandbox.upvest, request(forward), work)
    expect(await idempotent(sandbox.upvest, request(backward), work)).toEqual({ status: 201, body: { id: 'g2' } })
    await expect(idempotent(sandbox.upvest, request({ ...backward, k07: -1 }), work)).rejects.toMatchObject({
      status: 422,
    })
    expect(work).toHaveBeenCalledTimes(1)
  })

  it('answers 422 for the key with another body or path, without running the work', async () => {
    await idempotent(sandbox.upvest, request({ a: 1 }), async () => ({ status: 200, body: {} }))
    const work = vi.fn(async () => ({ status: 200, body: {} }))
    for (const other of [request({ a: 2 }), { ...request({ a: 1 }), path: '/webhooks' }, request([1])]) {
      await expect(idempotent(sandbox.upvest, other, work)).rejects.toMatchObject({ status: 422 })
    }
    expect(work).not.toHaveBeenCalled()
  })

  it('keeps keys per client', async () => {
    await idempotent(sandbox.upvest, request({ a: 1 }), async () => ({ status: 200, body: { who: 'full' } }))
    const reply = await idempotent(sandbox.upvest, request({ a: 2 }, READ_ONLY.id), async () => ({
      status: 200,
      body: { who: 'read' },
    }))
    expect(reply.body).toEqual({ who: 'read' })
  })

  it('stores nothing when the work fails', async () => {
    await expect(
      idempotent(sandbox.upvest, request({ a: 1 }), async () => {
        throw new UpvestError(409, 'conflict')
      }),
    ).rejects.toBeInstanceOf(UpvestError)
    expect(sandbox.store.upvestIdempotency.size).toBe(0)
  })

  it('deletes the keys past their 24 hours, oldest first, and a key used again moves to the end', async () => {
    const ok = async () => ({ status: 200, body: {} })
    const keyed = (key: string) => ({ ...request({}), key })
    await idempotent(sandbox.upvest, keyed('a'), ok)
    await sandbox.clock.advance('1h')
    await idempotent(sandbox.upvest, keyed('b'), ok)
    await sandbox.clock.advance('23h') // 'a' is 24 h old, 'b' 23 h
    await idempotent(sandbox.upvest, keyed('c'), ok)
    const ids = () => [...sandbox.store.upvestIdempotency.all()].map((record) => record.id.split(':')[1])
    expect(ids()).toEqual(['b', 'c'])
    await sandbox.clock.advance('1h')
    await idempotent(sandbox.upvest, keyed('b'), ok) // 24 h old: forgotten, then stored anew
    expect(ids()).toEqual(['c', 'b'])
    await sandbox.clock.advance('23h') // 'c' 24 h old, 'b' 23 h
    const work = vi.fn(ok)
    await idempotent(sandbox.upvest, keyed('b'), work) // a replay sweeps too
    expect(work).not.toHaveBeenCalled()
    expect(ids()).toEqual(['b'])
  })

  it('forgets a key after 24 hours of sandbox time and stores the new reply in its place', async () => {
    await idempotent(sandbox.upvest, request({ a: 1 }), async () => ({ status: 200, body: { n: 1 } }))
    await sandbox.clock.advance('24h')
    const reply = await idempotent(sandbox.upvest, request({ a: 2 }), async () => ({ status: 200, body: { n: 2 } }))
    expect(reply.body).toEqual({ n: 2 })
    expect(sandbox.store.upvestIdempotency.size).toBe(1)
    expect(sandbox.store.upvestIdempotency.get(`${FULL.id}:${KEY}`)).toMatchObject({
      body: { n: 2 },
      created_at: '2025-01-16T09:00:00Z',
    })
  })
})
