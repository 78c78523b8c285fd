import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSandbox } from '../../../src/index.js'
import { type RunningServer, startServer } from '../../../src/node.js'
import { control, createGroup, groupNames } from '../../support/controlCalls.js'

let running: RunningServer
let base: string

beforeAll(async () => {
  running = await startServer({ port: 0, scenario: 'default' })
  base = running.url
})
afterAll(() => running.close())

const INLINE = {
  name: 'tiny',
  seed: 7,
  clock: '2030-06-01T12:00:00Z',
  addepar: {
    firms: [{ id: '9', name: 'Tiny Firm' }],
    users: [
      {
        id: 'tia',
        name: 'Tia',
        api_key: 'tiny-key',
        api_secret: 'tiny-secret',
        permissions: { manage_groups: true, portfolio_access: 'all' },
        tokens: [],
      },
    ],
  },
}

describe('scenarios at run time (/__sandbox/scenario)', () => {
  it('loads a built-in scenario by name, with a seed, and reset goes back to it', async () => {
    const id = 'scenario-named'
    await createGroup(base, 'before the switch', id)
    const loaded = await control(base, 'POST', 'scenario', { id, body: { name: 'empty', seed: 3 } })
    expect(loaded.status).toBe(200)
    expect(loaded.body).toMatchObject({ scenario: 'empty', seed: 3, clock: '2025-01-15T09:00:00Z' })
    expect(await groupNames(base, id)).toEqual([])
    await createGroup(base, 'in empty', id)
    expect((await control(base, 'POST', 'reset', { id })).body).toMatchObject({ scenario: 'empty', seed: 3 })
    expect(await groupNames(base, id)).toEqual([])
    // Other sandboxes keep the server's scenario.
    expect((await control(base, 'GET', 'info')).body.scenario).toBe('default')
  })

  it('loads an inline scenario, validated like a file', async () => {
    const id = 'scenario-inline'
    const loaded = await control(base, 'POST', 'scenario', { id, body: { scenario: INLINE } })
    expect(loaded.status).toBe(200)
    expect(loaded.body).toMatchObject({ scenario: 'tiny', seed: 7, clock: '2030-06-01T12:00:00Z' })
    expect(loaded.body.addepar.firms[0]).toMatchObject({ firm_id: '9', users: [{ api_key: 'tiny-key' }] })
  })

  it('refuses a bad scenario with a 400 naming the path inside it, and changes nothing', async () => {
    const id = 'scenario-bad'
    await createGroup(base, 'kept', id)
    const cases: [unknown, RegExp][] = [
      [{ scenario: { ...INLINE, seed: 'seven' } }, /^inline scenario: invalid scenario\n {2}at seed: /],
      [{ name: 'nope' }, /unknown scenario "nope"/],
      [{ colour: 'red' }, /give \{"name"/],
      [
        {
          scenario: {
            ...INLINE,
            addepar: { ...INLINE.addepar, groups: [{ id: '1', name: 'G', members: ['404'] }] },
          },
        },
        /at addepar\.groups\[0\]/,
      ],
    ]
    for (const [body, message] of cases) {
      const response = await control(base, 'POST', 'scenario', { id, body })
      expect(response.status, JSON.stringify(body)).toBe(400)
      expect(response.body.error).toMatch(message)
    }
    expect((await control(base, 'GET', 'info', { id })).body.scenario).toBe('default')
    expect(await groupNames(base, id)).toContain('kept')
  })
})

describe('snapshots (/__sandbox/snapshot)', () => {
  it('exports the whole state and imports it again', async () => {
    const id = 'snapshot-roundtrip'
    await createGroup(base, 'saved', id)
    const saved = await control(base, 'GET', 'snapshot', { id })
    expect(saved.status).toBe(200)
    expect(saved.body).toMatchObject({ format: 'wealth-sandbox/state@1', scenario: 'default', seed: 1 })
    expect(saved.body.definition.name).toBe('default')
    await createGroup(base, 'after the snapshot', id)
    const restored = await control(base, 'PUT', 'snapshot', { id, body: saved.body })
    expect(restored.status).toBe(200)
    const names = await groupNames(base, id)
    expect(names).toContain('saved')
    expect(names).not.toContain('after the snapshot')
  })

  it('moves a sandbox to the scenario a snapshot carries', async () => {
    const other = await control(base, 'POST', 'scenario', { id: 'snapshot-source', body: { scenario: INLINE } })
    expect(other.status).toBe(200)
    const snapshot = (await control(base, 'GET', 'snapshot', { id: 'snapshot-source' })).body
    expect((await control(base, 'PUT', 'snapshot', { id: 'snapshot-target', body: snapshot })).body.scenario).toBe(
      'tiny',
    )
    const { definition: _definition, ...bare } = snapshot
    const refused = await control(base, 'PUT', 'snapshot', { id: 'snapshot-bare', body: bare })
    expect(refused.status).toBe(400)
    expect(refused.body.error).toMatch(/snapshot of scenario "tiny" seed 7, but this sandbox runs "default" seed 1/)
  })

  it('refuses a bad snapshot with a 400 naming the path, and changes nothing', async () => {
    const id = 'snapshot-bad'
    await createGroup(base, 'untouched', id)
    const before = (await control(base, 'GET', 'snapshot', { id })).body
    const broken = structuredClone(before)
    broken.store.tables.addeparGroups[3].name = 42
    const duplicate = structuredClone(before)
    duplicate.store.tables.addeparGroups.push(duplicate.store.tables.addeparGroups[0])
    const cases: [unknown, RegExp][] = [
      [broken, /^store\.tables\.addeparGroups\[3\]\.name: /],
      [duplicate, /duplicate id/],
      [{ ...before, store: { ...before.store, tables: { nonsense: [] } } }, /store\.tables\.nonsense: not a table/],
      [{ ...before, format: 'other' }, /^format: /],
      [{ hello: 'world' }, /format/],
    ]
    for (const [body, message] of cases) {
      const response = await control(base, 'PUT', 'snapshot', { id, body })
      expect(response.status).toBe(400)
      expect(response.body.error).toMatch(message)
    }
    const notJson = await fetch(`${base}/__sandbox/snapshot`, {
      method: 'PUT',
      headers: { 'x-sandbox-id': id },
      body: '{',
    })
    expect(notJson.status).toBe(400)
    const after = (await control(base, 'GET', 'snapshot', { id })).body
    expect({ ...after, clock: null }).toEqual({ ...before, clock: null })
  })
})

describe('the clock (/__sandbox/clock)', () => {
  it('reads, advances, freezes and resumes', async () => {
    const id = 'clock'
    const start = (await control(base, 'GET', 'clock', { id })).body
    expect(start.mode).toBe('real')
    const frozen = (await control(base, 'POST', 'clock/freeze', { id })).body
    expect(frozen.mode).toBe('frozen')
    await new Promise((resolve) => setTimeout(resolve, 1100))
    expect((await control(base, 'GET', 'clock', { id })).body.now).toBe(frozen.now)
    const advanced = (await control(base, 'POST', 'clock/advance', { id, body: { by: '1h' } })).body
    expect(Date.parse(advanced.now) - Date.parse(frozen.now)).toBe(3_600_000)
    expect((await control(base, 'POST', 'clock/resume', { id })).body).toEqual({ now: advanced.now, mode: 'real' })
    expect((await control(base, 'POST', 'clock/advance', { id, body: { by: 'soon' } })).status).toBe(400)
  })

  it('is the same through sandbox.control in-process', async () => {
    const sandbox = await createSandbox()
    await sandbox.control.freeze()
    expect((await sandbox.control.clock()).mode).toBe('frozen')
    const { now } = await sandbox.control.advance('2h')
    expect(now).toBe('2025-01-15T11:00:00Z')
  })
})
