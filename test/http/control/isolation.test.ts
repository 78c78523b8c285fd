import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServer, startServer } from '../../../src/node.js'
import { control, createGroup, groupNames, type Json } from '../../support/controlCalls.js'

let running: RunningServer
let base: string

beforeAll(async () => {
  running = await startServer({ port: 0, scenario: 'default' })
  base = running.url
})
afterAll(() => running.close())

describe('isolated sandboxes (x-sandbox-id)', () => {
  it('keeps parallel clients apart under load: each sees only its own writes', async () => {
    const seeded = await groupNames(base)
    const ids = ['load-a', 'load-b', 'load-c', 'load-d', 'load-e']
    // Every client writes and reads at once, interleaved on one server.
    await Promise.all(
      ids.map(async (id) => {
        for (let i = 0; i < 8; i++) {
          await Promise.all([createGroup(base, `${id} #${i}`, id), groupNames(base, id)])
        }
      }),
    )
    for (const id of ids) {
      const names = await groupNames(base, id)
      expect(names.filter((name) => name.startsWith('load-'))).toEqual(
        Array.from({ length: 8 }, (_, i) => `${id} #${i}`).sort(),
      )
    }
    expect(await groupNames(base)).toEqual(seeded)
    // Same scenario and seed: the first group each sandbox created got the same id.
    const firstIds = await Promise.all(ids.map((id) => createGroup(base, 'one more', id)))
    expect(new Set(firstIds).size).toBe(1)
  })

  it('gives every sandbox its own clock, faults and journal', async () => {
    await control(base, 'POST', 'clock/advance', { id: 'own-a', body: { by: '2d' } })
    // A documented status: the contract checks refuse a rule's undocumented one (docs/contract.md#injected).
    await control(base, 'POST', 'faults', { id: 'own-a', body: { status: 500 } })
    expect((await fetch(`${base}/v1/groups`, { headers: { 'x-sandbox-id': 'own-a' } })).status).toBe(500)
    expect((await fetch(`${base}/v1/groups`, { headers: { 'x-sandbox-id': 'own-b' } })).status).toBe(401)
    const a = await control(base, 'GET', 'clock', { id: 'own-a' })
    const b = await control(base, 'GET', 'clock', { id: 'own-b' })
    expect(Date.parse(a.body.now) - Date.parse(b.body.now)).toBeGreaterThan(47 * 3_600_000)
    expect((await control(base, 'GET', 'requests', { id: 'own-a' })).body.map((e: Json) => e.status)).toEqual([500])
    expect((await control(base, 'GET', 'requests', { id: 'own-b' })).body.map((e: Json) => e.sandbox)).toEqual([
      'own-b',
    ])
  })

  it('lists sandboxes and drops one, which then starts afresh; the default one cannot be dropped', async () => {
    await createGroup(base, 'to be dropped', 'drop-me')
    const listed = await control(base, 'GET', 'sandboxes')
    expect(listed.status).toBe(200)
    const entry = listed.body.find((s: { id: string }) => s.id === 'drop-me')
    expect(entry).toMatchObject({ scenario: 'default', seed: 1, requests: 1, faults: 0 })
    expect(entry.clock.mode).toBe('real')
    expect(listed.body.map((s: { id: string }) => s.id)).toContain('default')

    expect((await control(base, 'DELETE', 'sandboxes/drop-me')).status).toBe(204)
    expect((await control(base, 'GET', 'sandboxes')).body.map((s: { id: string }) => s.id)).not.toContain('drop-me')
    expect(await groupNames(base, 'drop-me')).not.toContain('to be dropped')
    expect(await control(base, 'DELETE', 'sandboxes/never-made')).toMatchObject({ status: 404 })
    expect(await control(base, 'DELETE', 'sandboxes/default')).toMatchObject({
      status: 409,
      body: { error: expect.stringContaining('cannot be dropped') },
    })
  })
})

describe('the bound on sandboxes', () => {
  it('evicts the least recently used sandbox past --max-sandboxes, never the default one', async () => {
    const small = await startServer({ port: 0, maxSandboxes: 3 })
    try {
      const url = small.url
      await createGroup(url, 'in default')
      await createGroup(url, 'in one', 'one')
      await createGroup(url, 'in two', 'two')
      await groupNames(url, 'one') // "one" is now more recently used than "two"
      await createGroup(url, 'in three', 'three') // a fourth sandbox: "two" goes
      const ids = (await control(url, 'GET', 'sandboxes')).body.map((s: { id: string }) => s.id).sort()
      expect(ids).toEqual(['default', 'one', 'three'])
      expect(await groupNames(url, 'one')).toContain('in one')
      expect(await groupNames(url, 'two')).not.toContain('in two') // created afresh
      expect(await groupNames(url)).toContain('in default')
    } finally {
      await small.close()
    }
  })
})
