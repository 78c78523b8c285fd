import { describe, expect, it } from 'vitest'
import page from '../../../fixtures/addepar-groups-page.json' with { type: 'json' }
import { AUTH, api, ids, useSandbox } from '../../support/addeparApi.js'

// POST /v1/groups/query (docs/addepar.md#query).

useSandbox()
const search = (attributes: object, type = 'group_search') => ({ data: { type, attributes } })
const query = async (attributes: object, path = '/v1/groups/query') => api('POST', path, { body: search(attributes) })

describe('POST /v1/groups/query', () => {
  it('answers the documented search with the group carrying that external id', async () => {
    const response = await api('POST', '/v1/groups/query', { body: page.examples.groupSearch })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/vnd.api+json')
    expect(ids(response.body)).toEqual(['105'])
    expect(response.body.data[0].attributes.external_id_random_system).toBe('34e0ec90-9ebb-4f25-9ee4-b86121c14c67')
    expect(response.body.data[0]).toEqual((await api('GET', '/v1/groups/105')).body.data)
    expect(response.body.included).toEqual([])
    expect(response.body.links).toEqual({ next: null })
  })

  it('matches names as case-insensitive substrings, any of them', async () => {
    expect(ids((await query({ display_names: ['whitaker'] })).body)).toEqual(['6', '7'])
    expect(ids((await query({ display_names: ['RAMAN', 'empty'] })).body)).toEqual(['103', '104', '106'])
  })

  it('matches group types and external ids, and combines criteria with AND', async () => {
    expect(ids((await query({ group_types: ['HH_GROUPS', 'HOUSEHOLDS'] })).body)).toEqual(['101', '102', '103', '104'])
    const external = [{ external_id_type: 'random_system', external_id: '34e0ec90-9ebb-4f25-9ee4-b86121c14c67' }]
    expect(ids((await query({ external_ids: external })).body)).toEqual(['105'])
    expect(
      ids((await query({ external_ids: [{ external_id_type: 'random_system', external_id: 'other' }] })).body),
    ).toEqual([])
    expect(ids((await query({ display_names: ['Group'], group_types: ['GROUPS'] })).body)).toEqual(['5', '100'])
    expect(ids((await query({ display_names: ['Limited'], group_types: ['HH_GROUPS'] })).body)).toEqual([])
  })

  it('pages through links.next', async () => {
    const first = await query({ group_types: ['GROUPS', 'HH_GROUPS'] }, '/v1/groups/query?page[limit]=4')
    expect(ids(first.body)).toEqual(['5', '6', '7', '100'])
    expect(first.body.links.next).toBe('/v1/groups/query?page[limit]=4&page[after]=100')
    const second = await query({ group_types: ['GROUPS', 'HH_GROUPS'] }, first.body.links.next)
    const third = await query({ group_types: ['GROUPS', 'HH_GROUPS'] }, second.body.links.next)
    expect([...ids(second.body), ...ids(third.body)]).toEqual(['101', '102', '103', '104', '105', '106'])
    expect(third.body.links.next).toBeNull()
  })

  it('shows a Basic user only the groups it can see', async () => {
    const response = await api('POST', '/v1/groups/query', {
      auth: AUTH.limited,
      body: search({ display_names: ['Group', 'Whitaker'] }),
    })
    expect(ids(response.body)).toEqual(['5', '100'])
  })

  it('answers a missing criterion with 400, a scope problem with 403 and a wrong type with 409', async () => {
    const none = await query({})
    expect(none.status).toBe(400)
    expect(none.body.errors[0]).toMatchObject({
      status: '400',
      detail:
        '/data/attributes: Missing or invalid attribute. One of [display_names, group_types, external_ids] is required.',
      source: { pointer: '/data/attributes' },
    })
    expect((await query({ display_names: 'Group' })).status).toBe(400)
    expect((await query({ display_names: ['x'] }, '/v1/groups/query?page[limit]=0')).status).toBe(400)
    expect(
      (await api('POST', '/v1/groups/query', { auth: AUTH.entities, body: search({ display_names: ['x'] }) })).status,
    ).toBe(403)
    const wrongType = await api('POST', '/v1/groups/query', { body: search({ display_names: ['x'] }, 'groups') })
    expect([wrongType.status, wrongType.body.errors[0].source]).toEqual([409, { pointer: '/data/type' }])
  })
})
