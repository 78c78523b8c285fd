import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { contextAs } from '../../test/support/addeparApi.js'
import { ANNA, FULL } from '../../test/support/upvestApi.js'
import { createGroups } from '../addepar/groups/createGroups.js'
import { createSandbox, type Sandbox } from '../index.js'
import { createAccountGroup } from '../upvest/accountGroups/createAccountGroup.js'
import { idempotent } from '../upvest/idempotency/idempotent.js'
import { createStore } from './createStore.js'
import { SortedIndex } from './SortedIndex.js'
import type { Table } from './Table.js'

const group = (id: string, firm = '1') => ({
  id,
  firm_id: firm,
  name: `Group ${id}`,
  group_type: 'GROUPS',
  members: [],
  child_groups: [],
  created_at: '2024-01-01T00:00:00Z',
  modified_at: '2024-01-01T00:00:00Z',
})

describe('SortedIndex', () => {
  const byValue = (a: { id: string; v: number }, b: { id: string; v: number }) => a.v - b.v || a.id.localeCompare(b.id)

  it('keeps each partition sorted through inserts and removals', () => {
    const index = new SortedIndex(byValue, (r: { id: string; v: number; k: string[] }) => r.k)
    const a = { id: 'a', v: 3, k: ['x'] }
    const b = { id: 'b', v: 1, k: ['x', 'y'] }
    const c = { id: 'c', v: 2, k: ['x'] }
    const d = { id: 'd', v: 2, k: ['y'] }
    for (const r of [a, b, c, d]) index.insert(r)
    expect(index.list('x').map((r) => r.id)).toEqual(['b', 'c', 'a'])
    expect(index.list('y').map((r) => r.id)).toEqual(['b', 'd'])
    index.remove(c)
    expect(index.list('x').map((r) => r.id)).toEqual(['b', 'a'])
    index.remove(b)
    index.remove(d)
    expect([...index.list('y')]).toEqual([])
    expect([...index.list('nope')]).toEqual([])
  })

  it('seeks the first record at or after a probe by binary search', () => {
    const index = new SortedIndex(byValue, () => [''])
    index.rebuild([5, 1, 9, 3].map((v) => ({ id: String(v), v })))
    expect(index.list('').map((r) => r.v)).toEqual([1, 3, 5, 9])
    expect(index.seek('', (r) => r.v - 4)).toBe(2)
    expect(index.seek('', (r) => r.v - 9)).toBe(3)
    expect(index.seek('', (r) => r.v - 10)).toBe(4)
  })
})

/** Every record of every table, in the JSON its table's schema gives back: same values, same key order. */
function expectRecordsAsTheirSchemasGiveThemBack(sandbox: Sandbox) {
  for (const [name, records] of Object.entries(sandbox.store.capture().tables)) {
    const table = (sandbox.store as unknown as Record<string, Table<z.ZodType<{ id: string }>>>)[name]
    expect(JSON.stringify(table?.parseMany(records)), name).toBe(JSON.stringify(records))
  }
}

describe('store', () => {
  it('sorts a bulk load into its indexes on first use, or when asked, and only once', async () => {
    const store = createStore()
    await store.addeparGroups.insertMany([group('30'), group('7'), group('12', '2'), group('8')])
    // A write before any read sorts the bulk load first, then adds itself: every record is listed once.
    await store.addeparGroups.insert(group('9'))
    expect(store.indexes.groupsByFirm.list('1').map((g) => g.id)).toEqual(['7', '8', '9', '30'])
    expect(store.indexes.groupsByFirm.list('2').map((g) => g.id)).toEqual(['12'])

    await store.addeparEntities.insertMany([])
    await store.addeparGroups.insertMany([group('1'), group('50', '2')])
    const built: boolean[] = []
    for (let turn = 0; turn < 20 && (built.length === 0 || built.at(-1)); turn++) built.push(store.buildNextIndexes())
    expect(built.at(-1)).toBe(false)
    expect(built.filter(Boolean).length).toBeGreaterThanOrEqual(2)
    expect(store.addeparGroups.buildIndexes()).toBe(false)
    expect(store.indexes.groupsByFirm.list('1').map((g) => g.id)).toEqual(['1', '7', '8', '9', '30'])
    expect(store.indexes.groupsByFirm.list('2').map((g) => g.id)).toEqual(['12', '50'])
  })

  it('finds records by id, keeps indexes current on update and delete', async () => {
    const store = createStore()
    await store.addeparGroups.insert(group('10'))
    await store.addeparGroups.insert(group('9'))
    await store.addeparGroups.insert(group('100', '2'))
    expect(store.addeparGroups.get('9')?.name).toBe('Group 9')
    expect(store.indexes.groupsByFirm.list('1').map((g) => g.id)).toEqual(['9', '10'])

    const updated = await store.addeparGroups.update('9', (draft) => {
      draft.name = 'Renamed'
    })
    expect(updated.name).toBe('Renamed')
    expect(store.addeparGroups.get('9')?.name).toBe('Renamed')
    expect(store.indexes.groupsByFirm.list('1').map((g) => g.name)).toEqual(['Renamed', 'Group 10'])
    expect(store.addeparGroups.findFirst((q) => q.where({ id: '9' }))?.name).toBe('Renamed')

    store.addeparGroups.delete('10')
    expect(store.addeparGroups.has('10')).toBe(false)
    expect(store.indexes.groupsByFirm.list('1').map((g) => g.id)).toEqual(['9'])
    expect(store.addeparGroups.findMany((q) => q.where({ firm_id: (firm) => firm !== '' })).map((g) => g.id)).toEqual([
      '9',
      '100',
    ])
  })

  it('validates records with the zod schema and refuses duplicate ids', async () => {
    const store = createStore()
    await store.addeparGroups.insert(group('1'))
    await expect(store.addeparGroups.insert(group('1'))).rejects.toThrow(/already exists/)
    await expect(store.addeparGroups.insert({ ...group('2'), id: 'not-numeric' })).rejects.toThrow()
    expect(store.addeparGroups.size).toBe(1)
    await expect(
      store.addeparGroups.update('1', (draft) => {
        draft.created_at = 'yesterday'
      }),
    ).rejects.toThrow()
  })

  it('round-trips the whole state through snapshot and restore as plain JSON', async () => {
    const store = createStore()
    await store.addeparGroups.insert(group('7'))
    store.next('uuid')
    const snapshot = JSON.parse(JSON.stringify(store.snapshot()))

    const other = createStore()
    await other.addeparGroups.insert(group('99'))
    await other.restore(snapshot)
    expect(other.addeparGroups.has('99')).toBe(false)
    expect(other.addeparGroups.get('7')?.name).toBe('Group 7')
    expect(other.indexes.groupsByFirm.list('1').map((g) => g.id)).toEqual(['7'])
    expect(other.next('uuid')).toBe(2)
    expect(JSON.stringify(other.snapshot())).toBe(JSON.stringify(store.snapshot()).replace('"uuid":1', '"uuid":2'))
  })

  it('refuses a snapshot of another format or with unknown tables', async () => {
    const store = createStore()
    await expect(store.restore({ format: 'other', meta: { counters: {} }, tables: {} } as never)).rejects.toThrow()
    await expect(
      store.restore({ format: 'wealth-sandbox/store@1', meta: { counters: {} }, tables: { nope: [] } }),
    ).rejects.toThrow(/unknown table "nope"/)
  })

  it('holds generated seed records exactly as their schemas give them back (seeding skips zod for them)', async () => {
    expectRecordsAsTheirSchemasGiveThemBack(await createSandbox({ scenario: 'households' }))
  })

  it('holds the records that creates build exactly as their schemas give them back (creates skip zod for them)', async () => {
    const sandbox = await createSandbox({ scenario: 'default' })
    const reply = await idempotent(
      sandbox.upvest,
      { clientId: FULL.id, key: crypto.randomUUID(), method: 'POST', path: '/account_groups', body: {} },
      async () => ({
        status: 200,
        body: await createAccountGroup(sandbox.upvest, FULL.id, { user_id: ANNA, type: 'LEGAL_ENTITY' }),
      }),
    )
    const [group] = await createGroups(contextAs(sandbox, '1'), {
      type: 'groups',
      attributes: { name: 'Built', external_id_crm: 'C-1' },
      relationships: {
        group_type: { data: { type: 'group_types', id: 'GROUPS' } },
        members: { data: [{ type: 'entities', id: '22' }] },
      },
    })
    expectRecordsAsTheirSchemasGiveThemBack(sandbox)
    expect(sandbox.store.upvestAccountGroups.get((reply.body as { id: string }).id)).toBeDefined()
    expect(sandbox.store.upvestEvents.size).toBeGreaterThan(0)
    expect(sandbox.store.upvestIdempotency.size).toBe(1)
    expect(sandbox.store.addeparGroups.get(group?.id ?? '')?.members).toEqual(['22'])
  })

  it('writes without scanning: an update that keeps a record in place does not move it in its indexes', async () => {
    const store = createStore()
    await store.addeparGroups.insertMany(Array.from({ length: 5 }, (_, i) => group(String(i + 1))))
    const changes: unknown[] = []
    store.onChange((change) => changes.push(change))
    const before = store.indexes.groupsByFirm.list('1')
    await store.addeparGroups.update('1', (draft) => {
      draft.name = 'Renamed'
    })
    expect(store.indexes.groupsByFirm.list('1')).toBe(before)
    expect(before.map((g) => g.name)).toEqual(['Renamed', 'Group 2', 'Group 3', 'Group 4', 'Group 5'])
    store.addeparGroups.delete('3')
    store.next('uuid')
    expect(changes).toEqual([
      { op: 'put', table: 'addeparGroups', record: expect.objectContaining({ id: '1', name: 'Renamed' }) },
      { op: 'delete', table: 'addeparGroups', id: '3' },
      { op: 'counter', name: 'uuid', value: 1 },
    ])
  })

  it('drops the oldest records while asked to, stopping at the first kept, each reported as a delete', async () => {
    const store = createStore()
    await store.addeparGroups.insertMany(Array.from({ length: 6 }, (_, i) => group(String(i + 1))))
    const changes: unknown[] = []
    store.onChange((change) => changes.push(change))
    // At most four kept, and group 3 goes whatever the count: 1 and 2 go for the count, 3 for itself, 4 stays.
    const dropped = store.addeparGroups.dropOldest((record, size) => size > 4 || record.id === '3')
    expect(dropped).toBe(3)
    expect([...store.addeparGroups.all()].map((g) => g.id)).toEqual(['4', '5', '6'])
    expect(store.indexes.groupsByFirm.list('1').map((g) => g.id)).toEqual(['4', '5', '6'])
    expect(changes).toEqual(['1', '2', '3'].map((id) => ({ op: 'delete', table: 'addeparGroups', id })))
    // It stops at the first record it keeps, even when a later one would go.
    expect(store.addeparGroups.dropOldest((record) => record.id === '6')).toBe(0)
  })
})
