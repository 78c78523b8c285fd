import { describe, expect, it } from 'vitest'
import { AUTH, api, useSandbox } from '../../support/addeparApi.js'

// Creating, updating and deleting groups over HTTP, with the state checked afterwards.

const env = useSandbox()
const NOW = '2025-01-15T09:00:00Z'
const entities = (...ids: string[]) => ids.map((id) => ({ type: 'entities', id }))
const groupType = (id = 'GROUPS') => ({ data: { type: 'group_types', id } })
const newGroup = (name: string, relationships: object = {}, attributes: object = {}) => ({
  type: 'groups',
  attributes: { name, ...attributes },
  relationships: { group_type: groupType(), ...relationships },
})
const stored = (id: string) => env.sandbox.store.addeparGroups.get(id)
const errorOf = (response: { status: number; body: { errors: { status: string; source?: unknown }[] } }) => [
  response.status,
  response.body.errors[0]?.status,
  response.body.errors[0]?.source,
]

describe('POST /v1/groups', () => {
  it('creates the documented example: 201 with the full group, timestamps included', async () => {
    const response = await api('POST', '/v1/groups', { auth: AUTH.groupsWrite, body: { data: newGroup('New Group') } })
    expect(response.status).toBe(201)
    expect(response.headers.get('content-type')).toBe('application/vnd.api+json')
    expect(response.body).toEqual({
      data: {
        type: 'groups',
        id: '107',
        attributes: { name: 'New Group', created_at: NOW, modified_at: NOW },
        relationships: {
          members: {
            links: { self: '/v1/groups/107/relationships/members', related: '/v1/groups/107/members' },
            data: [],
          },
          group_type: {
            links: { self: '/v1/groups/107/relationships/group_type', related: '/v1/groups/107/group_type' },
            data: { type: 'group_types', id: 'GROUPS' },
          },
          child_groups: {
            links: { self: '/v1/groups/107/relationships/child_groups', related: '/v1/groups/107/child_groups' },
            data: [],
          },
        },
        links: { self: '/v1/groups/107' },
      },
      included: [],
    })
    expect((await api('GET', '/v1/groups/107')).body).toEqual(response.body)
  })

  it('stores members (deduplicated), child groups, external ids and custom attributes', async () => {
    const custom = [{ date: '2024-06-30', value: 'Balanced', weight: 1.0 }]
    const response = await api('POST', '/v1/groups', {
      body: {
        data: newGroup(
          'Smith Family',
          { members: { data: entities('22', '117', '22') }, child_groups: { data: [{ type: 'groups', id: '7' }] } },
          { external_id_crm: 'SF-1', _custom_strategy_1234: custom },
        ),
      },
    })
    expect(response.status).toBe(201)
    const { attributes, relationships } = response.body.data
    expect(attributes).toEqual({
      name: 'Smith Family',
      created_at: NOW,
      modified_at: NOW,
      external_id_crm: 'SF-1',
      _custom_strategy_1234: custom,
    })
    expect(relationships.members.data).toEqual(entities('22', '117'))
    expect(relationships.child_groups.data).toEqual([{ type: 'groups', id: '7' }])
    expect(stored('107')).toMatchObject({ members: ['22', '117'], extra_attributes: { external_id_crm: 'SF-1' } })
  })

  it('creates an array of groups: 201 with an array, ids increasing', async () => {
    const response = await api('POST', '/v1/groups', {
      body: {
        data: [
          newGroup('Group 1', { members: { data: entities('22', '24') } }),
          newGroup('Group 2', { members: { data: entities('117') }, group_type: groupType('HH_GROUPS') }),
        ],
      },
    })
    expect(response.status).toBe(201)
    expect(
      response.body.data.map((g: { id: string; attributes: { name: string } }) => [g.id, g.attributes.name]),
    ).toEqual([
      ['107', 'Group 1'],
      ['108', 'Group 2'],
    ])
    expect(response.body.included).toEqual([])
    expect(stored('108')).toMatchObject({ group_type: 'HH_GROUPS', members: ['117'] })
  })

  it('creates nothing when one item of a bulk fails', async () => {
    const before = env.sandbox.store.snapshot()
    const response = await api('POST', '/v1/groups', {
      body: { data: [newGroup('Fine'), newGroup('Bad', { members: { data: entities('303') } })] },
    })
    expect(errorOf(response)).toEqual([400, '400', { pointer: '/data/1/relationships/members/data/0/id' }])
    expect(env.sandbox.store.snapshot()).toEqual(before)
    expect((await api('POST', '/v1/groups', { body: { data: newGroup('Next') } })).body.data.id).toBe('107')
  })

  it('answers an invalid payload or a bad member with 400', async () => {
    const missingName = await api('POST', '/v1/groups', { body: { data: newGroup('') } })
    expect(errorOf(missingName)).toEqual([400, '400', { pointer: '/data/attributes/name' }])
    const noType = { type: 'groups', attributes: { name: 'X' } }
    expect(errorOf(await api('POST', '/v1/groups', { body: { data: noType } }))).toEqual([
      400,
      '400',
      { pointer: '/data/relationships' },
    ])
    const unknownMember = await api('POST', '/v1/groups', {
      body: { data: newGroup('X', { members: { data: entities('4242') } }) },
    })
    expect(unknownMember.body.errors[0].detail).toBe('Entity 4242 does not exist or you do not have access to it')
    const stock = await api('POST', '/v1/groups', {
      body: { data: newGroup('X', { members: { data: entities('302') } }) },
    })
    expect(errorOf(stock)).toEqual([400, '400', { pointer: '/data/relationships/members/data/0/id' }])
    expect((await api('POST', '/v1/groups', { body: { data: [] } })).status).toBe(400)
    expect((await api('POST', '/v1/groups', { body: '{"data": ' })).status).toBe(400)
  })

  it('answers 403 without the write scope or permission, and for created_at / modified_at in the body', async () => {
    expect((await api('POST', '/v1/groups', { auth: AUTH.groupsRead, body: { data: newGroup('X') } })).status).toBe(403)
    expect((await api('POST', '/v1/groups', { auth: AUTH.limited, body: { data: newGroup('X') } })).status).toBe(403)
    const timestamps = await api('POST', '/v1/groups', { body: { data: newGroup('X', {}, { created_at: NOW }) } })
    expect(errorOf(timestamps)).toEqual([403, '403', { pointer: '/data/attributes/created_at' }])
    expect(env.sandbox.store.addeparGroups.size).toBe(10)
  })

  it('answers an unknown group type or attribute with 404', async () => {
    const type = await api('POST', '/v1/groups', {
      body: { data: newGroup('X', { group_type: groupType('ADVISORS') }) },
    })
    expect(errorOf(type)).toEqual([404, '404', { pointer: '/data/relationships/group_type/data/id' }])
    const attribute = await api('POST', '/v1/groups', { body: { data: newGroup('X', {}, { colour: 'red' }) } })
    expect(errorOf(attribute)).toEqual([404, '404', { pointer: '/data/attributes/colour' }])
  })

  it('answers a type other than "groups", or members not "entities", with 409', async () => {
    const wrongType = await api('POST', '/v1/groups', { body: { data: { ...newGroup('X'), type: 'group' } } })
    expect(errorOf(wrongType)).toEqual([409, '409', { pointer: '/data/type' }])
    const member = await api('POST', '/v1/groups', {
      body: { data: [newGroup('A'), newGroup('B', { members: { data: [{ type: 'groups', id: '5' }] } })] },
    })
    expect(errorOf(member)).toEqual([409, '409', { pointer: '/data/1/relationships/members/data/0/type' }])
    expect(env.sandbox.store.addeparGroups.size).toBe(10)
  })
})

describe('PATCH /v1/groups/:id', () => {
  it('updates attributes and returns the full group with modified_at moved', async () => {
    await env.sandbox.clock.advance('90s')
    const response = await api('PATCH', '/v1/groups/5', {
      body: { data: { id: '5', type: 'groups', attributes: { name: 'Updated Group Name', external_id_crm: 'G-5' } } },
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/vnd.api+json')
    expect(response.body.data.attributes).toEqual({
      name: 'Updated Group Name',
      created_at: '2023-07-28T02:24:30Z',
      modified_at: '2025-01-15T09:01:30Z',
      external_id_crm: 'G-5',
    })
    expect(response.body.data.relationships.child_groups.data).toEqual([{ type: 'groups', id: '6' }])
    expect(response.body.included).toEqual([])
    expect(stored('5')).toMatchObject({ name: 'Updated Group Name', modified_at: '2025-01-15T09:01:30Z' })
  })

  it('replaces relationships given in the body', async () => {
    const response = await api('PATCH', '/v1/groups/106', {
      body: { data: { id: '106', type: 'groups', relationships: { members: { data: entities('501', '502') } } } },
    })
    expect(response.body.data.relationships.members.data).toEqual(entities('501', '502'))
    expect(stored('106')?.members).toEqual(['501', '502'])
  })

  it('answers 400, 403, 404 and 409 as documented', async () => {
    const patch = (id: string, data: object, auth?: string) =>
      api('PATCH', `/v1/groups/${id}`, { auth, body: { data } })
    expect(
      (await patch('5', { id: '5', type: 'groups', relationships: { members: { data: entities('303') } } })).status,
    ).toBe(400)
    expect((await patch('5', [{ id: '5', type: 'groups' }])).status).toBe(400)
    expect((await patch('5', { id: '5', type: 'groups' }, AUTH.groupsRead)).status).toBe(403)
    expect((await patch('5', { id: '5', type: 'groups', attributes: { modified_at: NOW } })).status).toBe(403)
    expect((await patch('999', { id: '999', type: 'groups' })).status).toBe(404)
    expect(errorOf(await patch('5', { id: '6', type: 'groups' }))).toEqual([409, '409', { pointer: '/data/id' }])
    expect(errorOf(await patch('5', { id: '5', type: 'entities' }))).toEqual([409, '409', { pointer: '/data/type' }])
    const cycle = await patch('7', {
      id: '7',
      type: 'groups',
      relationships: { child_groups: { data: [{ type: 'groups', id: '5' }] } },
    })
    expect([cycle.status, cycle.body.errors[0].detail]).toEqual([
      409,
      'Child groups would form a cycle: 7 -> 5 -> 6 -> 7',
    ])
    expect(stored('5')?.name).toBe('Group 1')
  })
})

describe('PATCH /v1/groups', () => {
  it('updates several groups and returns them in request order', async () => {
    const response = await api('PATCH', '/v1/groups', {
      body: {
        data: [
          {
            type: 'groups',
            id: '106',
            attributes: { name: 'Group 1' },
            relationships: {
              members: { data: entities('22', '117') },
              child_groups: { data: [{ type: 'groups', id: '104' }] },
            },
          },
          {
            type: 'groups',
            id: '7',
            attributes: { name: 'Group 2' },
            relationships: { members: { data: entities('22', '24') } },
          },
        ],
      },
    })
    expect(response.status).toBe(200)
    expect(response.body.data.map((g: { id: string }) => g.id)).toEqual(['106', '7'])
    expect(stored('106')).toMatchObject({ name: 'Group 1', members: ['22', '117'], child_groups: ['104'] })
    expect(stored('7')).toMatchObject({ name: 'Group 2', members: ['22', '24'] })
  })

  it('changes nothing when one item fails, whatever the status', async () => {
    const before = env.sandbox.store.snapshot()
    const ok = { type: 'groups', id: '106', attributes: { name: 'Changed' } }
    const cases: [object, number][] = [
      [{ type: 'groups', id: '999' }, 404],
      [{ type: 'group', id: '7' }, 409],
      [{ type: 'groups', id: '7', relationships: { members: { data: entities('303') } } }, 400],
      [{ type: 'groups', id: '7', relationships: { group_type: groupType('NOPE') } }, 404],
      [{ type: 'groups', id: '7', attributes: { created_at: NOW } }, 403],
      [{ type: 'groups', id: '7', relationships: { child_groups: { data: [{ type: 'groups', id: '5' }] } } }, 409],
    ]
    for (const [bad, status] of cases) {
      expect((await api('PATCH', '/v1/groups', { body: { data: [ok, bad] } })).status).toBe(status)
      expect(env.sandbox.store.snapshot()).toEqual(before)
    }
    expect((await api('PATCH', '/v1/groups', { auth: AUTH.limited, body: { data: [ok] } })).status).toBe(403)
    expect((await api('PATCH', '/v1/groups', { body: { data: ok } })).status).toBe(400)
  })
})

describe('DELETE /v1/groups/:id', () => {
  it('deletes a group (204, no body) and detaches it from its parent', async () => {
    const response = await api('DELETE', '/v1/groups/6')
    expect([response.status, response.body]).toEqual([204, null])
    expect(stored('6')).toBeUndefined()
    expect((await api('GET', '/v1/groups/6')).status).toBe(404)
    expect((await api('GET', '/v1/groups/5')).body.data.relationships.child_groups.data).toEqual([])
    expect(stored('7')).toBeDefined()
  })

  it('accepts a body naming the same group, and answers another id or type with 409', async () => {
    expect((await api('DELETE', '/v1/groups/7', { body: { data: { type: 'groups', id: '6' } } })).status).toBe(409)
    expect((await api('DELETE', '/v1/groups/7', { body: { data: { type: 'entities', id: '7' } } })).status).toBe(409)
    expect(stored('7')).toBeDefined()
    expect((await api('DELETE', '/v1/groups/7', { body: { data: { type: 'groups', id: '7' } } })).status).toBe(204)
    expect(stored('7')).toBeUndefined()
  })

  it('answers 403 without permission and 404 for unknown groups', async () => {
    expect((await api('DELETE', '/v1/groups/6', { auth: AUTH.groupsRead })).status).toBe(403)
    expect((await api('DELETE', '/v1/groups/6', { auth: AUTH.limited })).status).toBe(403)
    expect((await api('DELETE', '/v1/groups/999')).status).toBe(404)
    expect(env.sandbox.store.addeparGroups.size).toBe(10)
  })
})

describe('DELETE /v1/groups', () => {
  const body = (...ids: string[]) => ({ data: ids.map((id) => ({ type: 'groups', id })) })

  it('deletes every listed group (204)', async () => {
    const response = await api('DELETE', '/v1/groups', { body: body('102', '103') })
    expect([response.status, response.body]).toEqual([204, null])
    expect([stored('102'), stored('103')]).toEqual([undefined, undefined])
    expect(stored('101')?.child_groups).toEqual([])
    expect(stored('104')).toBeDefined()
  })

  it('deletes nothing when any id is unknown (404) or any type is not "groups" (409)', async () => {
    const before = env.sandbox.store.snapshot()
    const unknown = await api('DELETE', '/v1/groups', { body: body('102', '999') })
    expect(errorOf(unknown)).toEqual([404, '404', { pointer: '/data/1/id' }])
    const wrong = await api('DELETE', '/v1/groups', {
      body: {
        data: [
          { type: 'groups', id: '102' },
          { type: 'entities', id: '22' },
        ],
      },
    })
    expect(errorOf(wrong)).toEqual([409, '409', { pointer: '/data/1/type' }])
    expect((await api('DELETE', '/v1/groups', { auth: AUTH.limited, body: body('102') })).status).toBe(403)
    expect(env.sandbox.store.snapshot()).toEqual(before)
  })
})
