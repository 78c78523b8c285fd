import { beforeEach, describe, expect, it } from 'vitest'
import { contextAs, failure } from '../../../test/support/addeparApi.js'
import { createSandbox, type Sandbox } from '../../index.js'
import { readGroupAttributes } from '../resources/readGroupAttributes.js'
import type { GroupCreate, GroupUpdate } from '../resources/requestBodies.js'
import { changeRelationship } from './changeRelationship.js'
import { combineIds } from './combineIds.js'
import { createGroups } from './createGroups.js'
import { deleteGroups } from './deleteGroups.js'
import { findCycle } from './findCycle.js'
import { resolveChildGroups } from './resolveChildGroups.js'
import { resolveMembers } from './resolveMembers.js'
import { saveGroup } from './saveGroup.js'
import { updateGroups } from './updateGroups.js'

// Group rules below the handlers, exercised without HTTP on the default scenario (firm 123).

const NOW = '2025-01-15T09:00:00Z'
const entities = (...ids: string[]) => ids.map((id) => ({ type: 'entities' as const, id }))
const groups = (...ids: string[]) => ids.map((id) => ({ type: 'groups' as const, id }))
const newGroup = (name: string, extra: Partial<GroupCreate['relationships']> = {}, attributes = {}): GroupCreate => ({
  type: 'groups',
  attributes: { name, ...attributes },
  relationships: { group_type: { data: { type: 'group_types', id: 'GROUPS' } }, ...extra },
})

let sandbox: Sandbox
beforeEach(async () => {
  sandbox = await createSandbox()
})
const admin = () => contextAs(sandbox, '1')
const limited = () => contextAs(sandbox, '2')
const group = (id: string) => sandbox.store.addeparGroups.get(id)

describe('findCycle', () => {
  const graph: Record<string, string[]> = { a: ['b'], b: ['c'], c: [], d: ['b', 'c'] }
  const childrenOf = (id: string) => graph[id] ?? []

  it('finds none where the new children cannot reach the parent', () => {
    expect(findCycle(childrenOf, 'a', ['b', 'd'])).toBeNull()
  })

  it('returns the path a new edge would close, parent first and last', () => {
    expect(findCycle(childrenOf, 'c', ['a'])).toEqual(['c', 'a', 'b', 'c'])
    expect(findCycle(childrenOf, 'b', ['d'])).toEqual(['b', 'd', 'b'])
  })

  it('treats a group as its own child as a cycle', () => {
    expect(findCycle(childrenOf, 'a', ['a'])).toEqual(['a', 'a'])
  })

  it('visits every group once, however many paths lead to it', () => {
    let calls = 0
    const wide = (id: string) => {
      calls++
      const n = Number(id)
      return n >= 20 ? [] : [String(n + 1), String(n + 2)]
    }
    expect(findCycle(wide, 'x', ['0'])).toBeNull()
    // Ids 0..21, each expanded once, although the number of paths doubles at every step.
    expect(calls).toBe(22)
  })
})

describe('combineIds', () => {
  it('adds new ids after the current ones, without duplicates', () => {
    expect(combineIds('add', ['1', '2'], ['2', '3', '3'])).toEqual(['1', '2', '3'])
  })
  it('replaces, collapsing duplicates', () => {
    expect(combineIds('replace', ['1'], ['4', '4', '5'])).toEqual(['4', '5'])
  })
  it('removes, ignoring ids that are not there', () => {
    expect(combineIds('remove', ['1', '2', '3'], ['2', '9'])).toEqual(['1', '3'])
  })
})

describe('readGroupAttributes', () => {
  it('keeps external ids and custom attributes, and null as removal', () => {
    const custom = [{ date: '2024-01-01', value: 'Growth', weight: 1.0 }]
    expect(
      readGroupAttributes(
        { name: 'A', external_id_crm: 'X-1', _custom_strategy_42: custom, external_id_old: null },
        '/data/attributes',
      ),
    ).toEqual({ name: 'A', extra: { external_id_crm: 'X-1', _custom_strategy_42: custom, external_id_old: null } })
  })

  it('refuses created_at and modified_at with 403', async () => {
    for (const name of ['created_at', 'modified_at']) {
      expect(await failure(() => readGroupAttributes({ [name]: NOW }, '/data/attributes'))).toEqual({
        status: 403,
        detail: `${name} is not editable and cannot be passed in`,
        pointer: `/data/attributes/${name}`,
      })
    }
  })

  it('answers an attribute that does not exist with 404', async () => {
    expect(await failure(() => readGroupAttributes({ colour: 'red' }, '/data/attributes'))).toMatchObject({
      status: 404,
      pointer: '/data/attributes/colour',
    })
  })

  it('checks the shapes of external ids and custom attributes (400)', async () => {
    expect((await failure(() => readGroupAttributes({ external_id_crm: 7 }, ''))).status).toBe(400)
    const missingWeight = [{ date: '2024-01-01', value: 'x' }]
    expect(await failure(() => readGroupAttributes({ _custom_strategy_42: missingWeight }, ''))).toMatchObject({
      status: 400,
      pointer: '/_custom_strategy_42',
    })
    expect((await failure(() => readGroupAttributes({ _custom_strategy_42: 'Growth' }, ''))).status).toBe(400)
  })
})

describe('resolveMembers', () => {
  it('deduplicates and keeps the order', () => {
    expect(resolveMembers(admin(), entities('24', '22', '24'), '/data')).toEqual(['24', '22'])
  })

  it('accepts the five member model types only (400)', async () => {
    for (const id of ['501', '502', '503', '504', '204'])
      expect(resolveMembers(admin(), entities(id), '/data')).toEqual([id])
    expect(await failure(() => resolveMembers(admin(), entities('22', '302'), '/data'))).toEqual({
      status: 400,
      detail:
        'Entity 302 is a STOCK; members must be one of PERSON_NODE, MANAGED_PARTNERSHIP, TRUST, HOLDING_COMPANY, FINANCIAL_ACCOUNT',
      pointer: '/data/1/id',
    })
  })

  it('refuses unknown entities and entities outside portfolio access with 400', async () => {
    expect(await failure(() => resolveMembers(admin(), entities('999'), '/data'))).toMatchObject({ status: 400 })
    expect(resolveMembers(limited(), entities('22'), '/data')).toEqual(['22'])
    expect(await failure(() => resolveMembers(limited(), entities('102'), '/x'))).toEqual({
      status: 400,
      detail: 'Entity 102 does not exist or you do not have access to it',
      pointer: '/x/0/id',
    })
  })
})

describe('resolveChildGroups', () => {
  it('deduplicates, refuses the parent itself (409) and unknown or invisible groups (404)', async () => {
    expect(resolveChildGroups(admin(), '100', groups('6', '6', '7'), '/data')).toEqual(['6', '7'])
    expect(await failure(() => resolveChildGroups(admin(), '5', groups('5'), '/data'))).toMatchObject({
      status: 409,
      detail: 'Group 5 cannot be its own child group',
    })
    expect(await failure(() => resolveChildGroups(admin(), '5', groups('999'), '/data'))).toMatchObject({
      status: 404,
    })
    // Group 6 is a permissioned group the limited user was not granted.
    expect(await failure(() => resolveChildGroups(limited(), '5', groups('6'), '/data'))).toMatchObject({
      status: 404,
      detail: 'Group 6 does not exist or you do not have access to it',
    })
  })
})

describe('createGroups', () => {
  it('creates a group with the next id, the sandbox time and its extra attributes', async () => {
    const [created] = await createGroups(
      admin(),
      newGroup('Smith Family', { members: { data: entities('22', '22', '117') } }, { external_id_crm: 'S-1' }),
    )
    expect(created).toEqual({
      id: '107',
      firm_id: '123',
      name: 'Smith Family',
      group_type: 'GROUPS',
      members: ['22', '117'],
      child_groups: [],
      created_at: NOW,
      modified_at: NOW,
      extra_attributes: { external_id_crm: 'S-1' },
    })
    expect(group('107')).toEqual(created)
  })

  it('creates all of a bulk or none of it, consuming no ids on failure', async () => {
    const before = sandbox.store.snapshot()
    const bad = [newGroup('A'), newGroup('B', { members: { data: entities('303') } })]
    expect(await failure(() => createGroups(admin(), bad))).toMatchObject({
      status: 400,
      pointer: '/data/1/relationships/members/data/0/id',
    })
    expect(sandbox.store.snapshot()).toEqual(before)
    const made = await createGroups(admin(), [newGroup('A'), newGroup('B', { child_groups: { data: groups('5') } })])
    expect(made.map((g) => [g.id, g.child_groups])).toEqual([
      ['107', []],
      ['108', ['5']],
    ])
  })

  it('answers an unknown group type with 404', async () => {
    const item = newGroup('A')
    item.relationships.group_type.data.id = 'ADVISORS'
    expect(await failure(() => createGroups(admin(), item))).toEqual({
      status: 404,
      detail: 'Group type ADVISORS does not exist or you do not have access to it',
      pointer: '/data/relationships/group_type/data/id',
    })
  })
})

describe('updateGroups', () => {
  const patch = (id: string, change: Partial<GroupUpdate> = {}): GroupUpdate => ({ type: 'groups', id, ...change })

  it('moves modified_at on a change and leaves it on a write that changes nothing', async () => {
    await sandbox.clock.advance('1h')
    const [unchanged] = await updateGroups(admin(), patch('5', { attributes: { name: 'Group 1' } }))
    expect(unchanged?.modified_at).toBe('2023-07-30T10:43:21Z')
    const [renamed] = await updateGroups(admin(), patch('5', { attributes: { name: 'Renamed' } }))
    expect(renamed).toMatchObject({
      name: 'Renamed',
      created_at: '2023-07-28T02:24:30Z',
      modified_at: '2025-01-15T10:00:00Z',
    })
  })

  it('merges extra attributes, removing those set to null', async () => {
    const [updated] = await updateGroups(
      admin(),
      patch('105', { attributes: { external_id_random_system: null, external_id_crm: 'C-9' } }),
    )
    expect(updated?.extra_attributes).toEqual({ external_id_crm: 'C-9' })
  })

  it('replaces relationships and the group type', async () => {
    const [updated] = await updateGroups(
      admin(),
      patch('106', {
        relationships: {
          members: { data: entities('501') },
          child_groups: { data: groups('104') },
          group_type: { data: { type: 'group_types', id: 'HH_GROUPS' } },
        },
      }),
    )
    expect(updated).toMatchObject({ members: ['501'], child_groups: ['104'], group_type: 'HH_GROUPS' })
  })

  it('refuses a body id other than the URL id (409) and a group twice in one batch (400)', async () => {
    expect(await failure(() => updateGroups(admin(), patch('6'), '5'))).toEqual({
      status: 409,
      detail: 'The id 6 in the body does not match the id 5 in the URL',
      pointer: '/data/id',
    })
    expect(await failure(() => updateGroups(admin(), [patch('5'), patch('5')]))).toMatchObject({
      status: 400,
      pointer: '/data/1/id',
    })
  })

  it('refuses a cycle, also one that only the whole batch would close, and writes nothing', async () => {
    expect(
      await failure(() =>
        updateGroups(admin(), patch('7', { relationships: { child_groups: { data: groups('5') } } })),
      ),
    ).toMatchObject({ status: 409, detail: 'Child groups would form a cycle: 7 -> 5 -> 6 -> 7' })
    const before = sandbox.store.snapshot()
    const batch = [
      patch('100', { attributes: { name: 'Changed' }, relationships: { child_groups: { data: groups('106') } } }),
      patch('106', { relationships: { child_groups: { data: groups('100') } } }),
    ]
    expect(await failure(() => updateGroups(admin(), batch))).toMatchObject({
      status: 409,
      detail: 'Child groups would form a cycle: 100 -> 106 -> 100',
      pointer: '/data/0/relationships/child_groups/data',
    })
    expect(sandbox.store.snapshot()).toEqual(before)
  })

  it('answers groups the caller cannot see with 404', async () => {
    expect(await failure(() => updateGroups(limited(), patch('6')))).toMatchObject({ status: 404 })
    expect(await failure(() => updateGroups(admin(), patch('999')))).toMatchObject({ status: 404 })
  })
})

describe('deleteGroups', () => {
  it('detaches a deleted group from its parents, whose modified_at moves, and keeps its children', async () => {
    await sandbox.clock.advance('5m')
    await deleteGroups(admin(), [{ id: '6' }])
    expect(group('6')).toBeUndefined()
    expect(group('5')).toMatchObject({ child_groups: [], modified_at: '2025-01-15T09:05:00Z' })
    expect(group('7')).toBeDefined()
    expect([...sandbox.store.indexes.groupParents.list('6')]).toEqual([])
  })

  it('deletes nothing when any id is unknown', async () => {
    const before = sandbox.store.snapshot()
    expect(await failure(() => deleteGroups(admin(), [{ id: '6' }, { id: '999', pointer: '/data/1/id' }]))).toEqual({
      status: 404,
      detail: 'Group 999 does not exist or you do not have access to it',
      pointer: '/data/1/id',
    })
    expect(sandbox.store.snapshot()).toEqual(before)
  })

  it('deletes a parent and its child together, and the same id twice once', async () => {
    await deleteGroups(admin(), [{ id: '5' }, { id: '6' }, { id: '6' }])
    expect([group('5'), group('6')]).toEqual([undefined, undefined])
    expect(group('7')?.child_groups).toEqual([])
  })
})

describe('changeRelationship', () => {
  it('adds, replaces and removes members, never holding duplicates', async () => {
    await changeRelationship(admin(), '106', 'members', 'add', entities('22', '24', '22'))
    await changeRelationship(admin(), '106', 'members', 'add', entities('24', '117'))
    expect(group('106')?.members).toEqual(['22', '24', '117'])
    await changeRelationship(admin(), '106', 'members', 'remove', entities('24'))
    expect(group('106')?.members).toEqual(['22', '117'])
    await changeRelationship(admin(), '106', 'members', 'replace', entities('501', '501'))
    expect(group('106')?.members).toEqual(['501'])
  })

  it('moves modified_at on relationship changes', async () => {
    await sandbox.clock.advance('2s')
    await changeRelationship(admin(), '7', 'child_groups', 'add', groups('106'))
    expect(group('7')).toMatchObject({ child_groups: ['106'], modified_at: '2025-01-15T09:00:02Z' })
  })

  it('refuses child groups that close a cycle or point at the group itself (409)', async () => {
    expect(await failure(() => changeRelationship(admin(), '7', 'child_groups', 'add', groups('5')))).toEqual({
      status: 409,
      detail: 'Child groups would form a cycle: 7 -> 5 -> 6 -> 7',
      pointer: '/data',
    })
    expect(await failure(() => changeRelationship(admin(), '7', 'child_groups', 'replace', groups('7')))).toMatchObject(
      {
        status: 409,
      },
    )
    expect(group('7')?.child_groups).toEqual([])
  })

  it('removes child groups, and answers unknown ones with 404', async () => {
    await changeRelationship(admin(), '5', 'child_groups', 'remove', groups('6'))
    expect(group('5')?.child_groups).toEqual([])
    expect(
      await failure(() => changeRelationship(admin(), '5', 'child_groups', 'remove', groups('999'))),
    ).toMatchObject({
      status: 404,
    })
  })
})

describe('saveGroup', () => {
  it('writes only what changed', async () => {
    const seeded = group('100')!
    expect(await saveGroup(admin(), seeded, { members: [...seeded.members] })).toBe(seeded)
    const saved = await saveGroup(admin(), seeded, { members: ['200'] })
    expect(saved).toMatchObject({ members: ['200'], modified_at: NOW, name: 'Group 1' })
  })
})
