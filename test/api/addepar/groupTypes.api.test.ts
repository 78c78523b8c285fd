import { describe, expect, it } from 'vitest'
import page from '../../../fixtures/addepar-groups-page.json' with { type: 'json' }
import { AUTH, api, ids, useSandbox } from '../../support/addeparApi.js'

// /v1/group_types (docs/addepar.md#group-types).

const env = useSandbox()
const GROUPS = {
  id: 'GROUPS',
  type: 'group_types',
  attributes: { group_type_key: 'GROUPS', display_name: 'Groups', is_permissioned_resource: true },
  links: { self: '/v1/group_types/GROUPS' },
}
const create = (attributes: object, type = 'group_types') => ({ data: { type, attributes } })
const advisors = { group_type_key: 'ADVISORS', display_name: 'Advisor Group', is_permissioned_resource: true }
const rename = (display_name: string) => ({ data: { type: 'group_types', attributes: { display_name } } })

describe('GET /v1/group_types', () => {
  it('lists the built-in GROUPS and the documented HH_GROUPS, not paginated', async () => {
    const response = await api('GET', '/v1/group_types', { auth: AUTH.groupsRead })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/vnd.api+json')
    expect(response.body).toEqual({ data: [GROUPS, page.groupTypes[0]], included: [], links: { next: null } })
  })

  it('filters by is_permissioned_resource, and answers another value with 400', async () => {
    expect(ids((await api('GET', '/v1/group_types?is_permissioned_resource=false')).body)).toEqual(['HH_GROUPS'])
    expect(ids((await api('GET', '/v1/group_types?is_permissioned_resource=true')).body)).toEqual(['GROUPS'])
    expect((await api('GET', '/v1/group_types?is_permissioned_resource=yes')).status).toBe(400)
    expect((await api('GET', '/v1/group_types', { auth: AUTH.entities })).status).toBe(403)
  })
})

describe('GET /v1/group_types/:id', () => {
  it('returns the documented HH_GROUPS', async () => {
    const response = await api('GET', '/v1/group_types/HH_GROUPS')
    expect(response.status).toBe(200)
    expect(response.body).toEqual({ data: page.groupTypes[0], included: [] })
  })

  it('answers a malformed id with 400 and an unknown one with 404', async () => {
    expect((await api('GET', '/v1/group_types/Advisor%20Group')).status).toBe(400)
    expect((await api('GET', '/v1/group_types/ADVISORS')).status).toBe(404)
  })
})

describe('POST /v1/group_types', () => {
  it('creates a type (201) that groups can then use', async () => {
    const response = await api('POST', '/v1/group_types', { auth: AUTH.groupsWrite, body: create(advisors) })
    expect(response.status).toBe(201)
    expect(response.body).toEqual({
      data: { id: 'ADVISORS', type: 'group_types', attributes: advisors, links: { self: '/v1/group_types/ADVISORS' } },
      included: [],
    })
    expect(env.sandbox.store.addeparGroupTypes.get('123:ADVISORS')).toMatchObject({ built_in: false })
    const group = await api('POST', '/v1/groups', {
      body: {
        data: {
          type: 'groups',
          attributes: { name: 'A' },
          relationships: { group_type: { data: { type: 'group_types', id: 'ADVISORS' } } },
        },
      },
    })
    expect(group.status).toBe(201)
  })

  it('answers 400, 403 and 409 as documented', async () => {
    expect(
      (await api('POST', '/v1/group_types', { body: create({ ...advisors, group_type_key: 'has space' }) })).status,
    ).toBe(400)
    expect(
      (await api('POST', '/v1/group_types', { body: create({ group_type_key: 'X', display_name: 'X' }) })).status,
    ).toBe(400)
    expect((await api('POST', '/v1/group_types', { auth: AUTH.groupsRead, body: create(advisors) })).status).toBe(403)
    expect((await api('POST', '/v1/group_types', { auth: AUTH.limited, body: create(advisors) })).status).toBe(403)
    const duplicate = await api('POST', '/v1/group_types', {
      body: create({ ...advisors, group_type_key: 'HH_GROUPS' }),
    })
    expect([duplicate.status, duplicate.body.errors[0].detail]).toEqual([409, 'Group type HH_GROUPS already exists'])
    expect((await api('POST', '/v1/group_types', { body: create(advisors, 'groups') })).status).toBe(409)
    expect(env.sandbox.store.addeparGroupTypes.size).toBe(2)
  })
})

describe('PATCH /v1/group_types/:id', () => {
  it('changes the display name (200)', async () => {
    const response = await api('PATCH', '/v1/group_types/HH_GROUPS', { body: rename('Families') })
    expect(response.status).toBe(200)
    expect(response.body.data.attributes).toEqual({
      group_type_key: 'HH_GROUPS',
      display_name: 'Families',
      is_permissioned_resource: false,
    })
    expect(env.sandbox.store.addeparGroupTypes.get('123:HH_GROUPS')?.display_name).toBe('Families')
  })

  it('answers 400, 403 (GROUPS, or the read scope) and 404', async () => {
    expect((await api('PATCH', '/v1/group_types/HH_GROUPS', { body: rename('') })).status).toBe(400)
    const permission = {
      data: { type: 'group_types', attributes: { display_name: 'X', is_permissioned_resource: true } },
    }
    expect((await api('PATCH', '/v1/group_types/HH_GROUPS', { body: permission })).status).toBe(400)
    const builtIn = await api('PATCH', '/v1/group_types/GROUPS', { body: rename('Mine') })
    expect([builtIn.status, builtIn.body.errors[0].detail]).toEqual([
      403,
      'The built-in group type GROUPS cannot be changed',
    ])
    expect((await api('PATCH', '/v1/group_types/HH_GROUPS', { auth: AUTH.groupsRead, body: rename('X') })).status).toBe(
      403,
    )
    expect((await api('PATCH', '/v1/group_types/NOPE', { body: rename('X') })).status).toBe(404)
    expect(env.sandbox.store.addeparGroupTypes.get('123:HH_GROUPS')?.display_name).toBe('Households')
  })
})

describe('DELETE /v1/group_types/:id', () => {
  it('deletes an unused type (204)', async () => {
    await api('POST', '/v1/group_types', { body: create(advisors) })
    const response = await api('DELETE', '/v1/group_types/ADVISORS')
    expect([response.status, response.body]).toEqual([204, null])
    expect((await api('GET', '/v1/group_types/ADVISORS')).status).toBe(404)
  })

  it('answers 400, 403, 404, and 409 for a type in use', async () => {
    expect((await api('DELETE', '/v1/group_types/bad-key')).status).toBe(400)
    expect((await api('DELETE', '/v1/group_types/GROUPS')).status).toBe(403)
    expect((await api('DELETE', '/v1/group_types/HH_GROUPS', { auth: AUTH.groupsRead })).status).toBe(403)
    expect((await api('DELETE', '/v1/group_types/NOPE')).status).toBe(404)
    const inUse = await api('DELETE', '/v1/group_types/HH_GROUPS')
    expect([inUse.status, inUse.body.errors[0].detail]).toEqual([409, 'Group type HH_GROUPS is used by 4 group(s)'])
    expect(env.sandbox.store.addeparGroupTypes.size).toBe(2)
  })
})
