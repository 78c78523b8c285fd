import { describe, expect, it } from 'vitest'
import page from '../../../fixtures/addepar-groups-page.json' with { type: 'json' }
import { DOCUMENTED_GROUP_5 } from '../../support/addepar.js'
import { AUTH, api, ids, useSandbox } from '../../support/addeparApi.js'

// The read routes of the Groups page, in-process through msw on the default scenario.

const env = useSandbox()
const ALL = ['5', '6', '7', '100', '101', '102', '103', '104', '105', '106']

describe('GET /v1/groups', () => {
  it('lists every group as on the Groups page: JSON:API, in id order, links.next null', async () => {
    const response = await api('GET', '/v1/groups')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/vnd.api+json')
    expect(Object.keys(response.body)).toEqual(['data', 'included', 'links'])
    expect(ids(response.body)).toEqual(ALL)
    expect(response.body.included).toEqual([])
    expect(response.body.links).toEqual({ next: null })
    const byId = new Map(response.body.data.map((group: { id: string }) => [group.id, group]))
    for (const documented of page.groups) expect(byId.get(documented.id)).toEqual(documented)
  })

  it('filters by group types, ids and the four dates (inclusive, quoted or not)', async () => {
    const list = async (query: string) => ids((await api('GET', `/v1/groups?${query}`)).body)
    expect(await list('filter[group_types]=HH_GROUPS')).toEqual(['101', '102', '103', '104'])
    expect(await list('filter[group_types]=GROUPS,HH_GROUPS')).toEqual(ALL)
    expect(await list('filter[group_types]=NOPE')).toEqual([])
    expect(await list('filter[ids]=106,5,999,101')).toEqual(['5', '101', '106'])
    expect(
      await list('filter[ids]=101,102,103&filter[group_types]=HH_GROUPS&filter[created_after]=2023-09-01'),
    ).toEqual(['103'])
    expect(await list('filter[created_before]="2023-07-28"')).toEqual(['5', '6', '7', '100', '101'])
    expect(await list('filter[created_after]=2023-09-01')).toEqual(['103', '104', '105', '106'])
    expect(await list('filter[modified_before]=2023-07-30')).toEqual(['5', '6', '7', '100', '101'])
    expect(await list('filter[modified_before]=2023-07-29&filter[modified_after]=2023-07-28')).toEqual(['7'])
    expect(await list('filter%5Bmodified_after%5D=2024-01-05')).toEqual(['105', '106'])
  })

  it('returns only the attributes fields[groups] names, ignoring spaces; [] returns none', async () => {
    const named = await api('GET', '/v1/groups?filter[ids]=105&fields[groups]=name,%20external_id_random_system')
    expect(named.body.data[0].attributes).toEqual({
      name: 'Limited Partners',
      external_id_random_system: '34e0ec90-9ebb-4f25-9ee4-b86121c14c67',
    })
    expect(named.body.data[0].relationships.members.data).toHaveLength(2)
    const none = await api('GET', '/v1/groups?fields[groups]=[]')
    expect(none.body.data.every((group: { attributes: object }) => Object.keys(group.attributes).length === 0)).toBe(
      true,
    )
  })

  it('answers bad parameters with 400, a token without GROUPS with 403 and a wrong URL with 404', async () => {
    const bad = await api('GET', '/v1/groups?page[limit]=2001')
    expect(bad.status).toBe(400)
    expect(bad.body).toEqual({
      errors: [
        {
          status: '400',
          title: 'Bad Request',
          detail: 'page[limit] must be an integer from 1 to 2000, not "2001"',
          source: { parameter: 'page[limit]' },
        },
      ],
    })
    expect((await api('GET', '/v1/groups?filter[created_before]=yesterday')).status).toBe(400)
    expect((await api('GET', '/v1/groups?filter[colour]=red')).status).toBe(400)
    expect((await api('GET', '/v1/groups', { auth: AUTH.entities })).status).toBe(403)
    const wrong = await api('GET', '/v1/group')
    expect([wrong.status, wrong.body.errors[0].detail]).toEqual([404, 'No route for GET /api/v1/group'])
  })
})

describe('GET /v1/groups/:id', () => {
  it('returns the documented group 5', async () => {
    const response = await api('GET', '/v1/groups/5')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/vnd.api+json')
    expect(response.body).toEqual(DOCUMENTED_GROUP_5)
  })

  it('answers an unknown id with the documented 404', async () => {
    const response = await api('GET', '/v1/groups/999')
    expect(response.status).toBe(404)
    expect(response.headers.get('content-type')).toBe('application/vnd.api+json')
    expect(response.body).toEqual(page.examples.notFound)
  })

  it('answers an empty segment (`/v1/groups//5`) with 404, not group 5', async () => {
    const response = await api('GET', '/v1/groups//5')
    expect(response.status).toBe(404)
    expect(response.body.errors[0]).toMatchObject({ status: '404', title: 'Not Found' })
  })

  it('answers bad fields with 400 and a token without GROUPS with 403', async () => {
    expect((await api('GET', '/v1/groups/5?fields[groups]=colour')).status).toBe(400)
    expect((await api('GET', '/v1/groups/5?fields[groups]=name')).body.data.attributes).toEqual({ name: 'Group 1' })
    expect((await api('GET', '/v1/groups/5', { auth: AUTH.entities })).status).toBe(403)
    expect((await api('GET', '/v1/groups/5', { auth: AUTH.groupsRead })).status).toBe(200)
  })
})

describe('GET /v1/groups/:id/relationships/members', () => {
  it('returns the member identifiers only', async () => {
    const response = await api('GET', '/v1/groups/5/relationships/members')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/vnd.api+json')
    expect(response.body).toEqual({ data: DOCUMENTED_GROUP_5.data.relationships.members.data })
  })

  it('answers 403 without GROUPS and 404 for unknown or invisible groups', async () => {
    expect((await api('GET', '/v1/groups/5/relationships/members', { auth: AUTH.entities })).status).toBe(403)
    expect((await api('GET', '/v1/groups/999/relationships/members')).status).toBe(404)
    expect((await api('GET', '/v1/groups/6/relationships/members', { auth: AUTH.limited })).status).toBe(404)
  })
})

describe('GET /v1/groups/:id/members', () => {
  it('returns the member entities as the documented example shows them', async () => {
    await env.sandbox.store.addeparGroups.update('106', (draft) => {
      draft.members = ['2000002', '2000001']
    })
    const response = await api('GET', '/v1/groups/106/members')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/vnd.api+json')
    expect(response.body).toEqual({ data: page.entities, included: [], links: { next: null } })
  })

  it('pages members in id order', async () => {
    const first = await api('GET', '/v1/groups/100/members?page[limit]=3')
    expect(ids(first.body)).toEqual(['200', '204', '360'])
    expect(first.body.links.next).toBe('/v1/groups/100/members?page[limit]=3&page[after]=360')
    const second = await api('GET', first.body.links.next)
    expect(ids(second.body)).toEqual(['486'])
    expect(second.body.links.next).toBeNull()
  })

  it('answers a bad page[limit] with 400, 403 without GROUPS and 404 for unknown groups', async () => {
    expect((await api('GET', '/v1/groups/100/members?page[limit]=0')).status).toBe(400)
    expect((await api('GET', '/v1/groups/100/members', { auth: AUTH.entities })).status).toBe(403)
    expect((await api('GET', '/v1/groups/999/members')).status).toBe(404)
  })
})

describe('GET /v1/groups/:id/child_groups', () => {
  it('returns the child groups as full resources', async () => {
    const response = await api('GET', '/v1/groups/5/child_groups')
    expect(response.status).toBe(200)
    expect(ids(response.body)).toEqual(['6'])
    expect(response.body.data[0]).toEqual((await api('GET', '/v1/groups/6')).body.data)
    expect(response.body.links).toEqual({ next: null })
    expect(ids((await api('GET', '/v1/groups/7/child_groups')).body)).toEqual([])
  })

  it('leaves out child groups a Basic user cannot see', async () => {
    expect(ids((await api('GET', '/v1/groups/5/child_groups', { auth: AUTH.limited })).body)).toEqual([])
  })

  it('answers a bad page[limit] with 400, 403 without GROUPS and 404 for unknown groups', async () => {
    expect((await api('GET', '/v1/groups/5/child_groups?page[limit]=x')).status).toBe(400)
    expect((await api('GET', '/v1/groups/5/child_groups', { auth: AUTH.entities })).status).toBe(403)
    expect((await api('GET', '/v1/groups/999/child_groups')).status).toBe(404)
  })
})
