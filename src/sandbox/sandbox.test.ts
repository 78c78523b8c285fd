import { describe, expect, it } from 'vitest'
import { createSandbox } from '../index.js'
import { deterministicUuid } from './scenarios/createIds.js'
import { Clock } from './time/Clock.js'
import { parseDuration } from './time/parseDuration.js'

describe('clock', () => {
  it('stands still in-process until advanced', async () => {
    const sandbox = await createSandbox()
    expect(sandbox.clock.mode).toBe('frozen')
    expect(sandbox.clock.timestamp()).toBe('2025-01-15T09:00:00Z')
    await sandbox.clock.advance('10m')
    expect(sandbox.clock.now().toISOString()).toBe('2025-01-15T09:10:00.000Z')
    await expect(sandbox.clock.advance('soon')).rejects.toThrow(/invalid duration "soon"/)
  })

  it('follows a real clock from its creation when asked, plus every jump', () => {
    let real = 1_000
    const clock = new Clock(Date.parse('2025-01-01T00:00:00Z'), true, () => real)
    real += 1_500
    expect(clock.timestamp()).toBe('2025-01-01T00:00:01Z')
    clock.set(clock.now() + 60_000)
    expect(clock.timestamp()).toBe('2025-01-01T00:01:01Z')
    clock.freeze()
    real += 10_000
    expect(clock.timestamp()).toBe('2025-01-01T00:01:01Z')
  })

  it('parses durations', () => {
    expect(parseDuration('500ms')).toBe(500)
    expect(parseDuration('5s')).toBe(5_000)
    expect(parseDuration('1h')).toBe(3_600_000)
    expect(parseDuration(42)).toBe(42)
    expect(() => parseDuration('-5s')).toThrow(RangeError)
  })
})

describe('scheduler', () => {
  it('runs due jobs in order, each at its own due time, including jobs they schedule', async () => {
    const sandbox = await createSandbox({ scenario: 'empty' })
    const seen: string[] = []
    sandbox.scheduler.register('test.note', async (payload) => {
      seen.push(`${payload.name}@${sandbox.clock.timestamp()}`)
      if (payload.name === 'b') await sandbox.scheduler.schedule('test.note', 1_000, { name: 'c' })
    })
    await sandbox.scheduler.schedule('test.note', 5_000, { name: 'a' })
    await sandbox.scheduler.schedule('test.note', 2_000, { name: 'b' })
    await sandbox.scheduler.schedule('test.note', 60_000, { name: 'late' })
    await sandbox.clock.advance('10s')
    expect(seen).toEqual(['b@2025-01-15T09:00:02Z', 'c@2025-01-15T09:00:03Z', 'a@2025-01-15T09:00:05Z'])
    expect(sandbox.clock.timestamp()).toBe('2025-01-15T09:00:10Z')
    expect(sandbox.scheduler.pending().map((j) => j.payload.name)).toEqual(['late'])
    await expect(sandbox.scheduler.schedule('unknown.kind', 1, {})).rejects.toThrow(/no runner/)
  })
})

describe('sandbox', () => {
  it('reset returns to the seeded state byte for byte, ids and clock included', async () => {
    const sandbox = await createSandbox()
    const seeded = JSON.stringify(sandbox.store.snapshot())
    const firstId = sandbox.ids.uuid()
    await sandbox.store.addeparGroups.update('100', (g) => {
      g.name = 'Changed'
    })
    sandbox.store.upvestAccountGroups.delete('9d95820d-4333-46b6-98de-04ab7512e76f')
    await sandbox.clock.advance('1h')
    await sandbox.reset()
    expect(JSON.stringify(sandbox.store.snapshot())).toBe(seeded)
    expect(sandbox.clock.timestamp()).toBe('2025-01-15T09:00:00Z')
    expect(sandbox.ids.uuid()).toBe(firstId)
  })

  it('sandboxes are independent of each other', async () => {
    const a = await createSandbox()
    const b = await createSandbox()
    a.store.addeparGroups.delete('100')
    await a.clock.advance('1d')
    expect(b.store.addeparGroups.has('100')).toBe(true)
    expect(b.clock.timestamp()).toBe('2025-01-15T09:00:00Z')
  })

  it('exports and imports its whole state, refusing a state of another scenario', async () => {
    const a = await createSandbox()
    a.store.addeparGroups.delete('100')
    await a.clock.advance('90s')
    const state = JSON.parse(JSON.stringify(a.exportState()))
    const b = await createSandbox()
    await b.importState(state)
    expect(b.store.addeparGroups.has('100')).toBe(false)
    expect(b.clock.timestamp()).toBe('2025-01-15T09:01:30Z')
    const other = await createSandbox({ scenario: 'empty' })
    await expect(other.importState(state)).rejects.toThrow(/belongs to scenario "default" seed 1/)
    await expect(other.importState({ format: 'something else' })).rejects.toThrow()
  })

  it('makes run-time ids from the seed: valid v4-shaped uuids, stable per seed', () => {
    const id = deterministicUuid(1, 1)
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(deterministicUuid(1, 1)).toBe(id)
    expect(deterministicUuid(2, 1)).not.toBe(id)
    expect(new Set(Array.from({ length: 10_000 }, (_, n) => deterministicUuid(1, n))).size).toBe(10_000)
  })

  it('describes its credentials in the documented info shape', async () => {
    const info = (await createSandbox()).info()
    expect(info).toMatchObject({ scenario: 'default', seed: 1, clock: '2025-01-15T09:00:00Z' })
    expect(info.upvest.clients[0]).toEqual({
      client_id: '2f5a3c1e-8b4d-4e6f-9a7b-1c2d3e4f5a6b',
      client_secret: 'sandbox-secret-acme-full',
      scopes: ['accounts:read', 'accounts:admin', 'users:read', 'users:admin', 'webhooks:read', 'webhooks:admin'],
    })
    expect(info.addepar.firms[0]?.firm_id).toBe('123')
    expect(info.addepar.firms[0]?.users[0]).toMatchObject({
      name: 'Ada Admin',
      api_key: 'sandbox-admin-key',
      api_secret: 'sandbox-admin-secret',
      tokens: [{ token: 'sandbox-token-groups-read', scopes: ['GROUPS'] }, expect.anything(), expect.anything()],
    })
  })
})
