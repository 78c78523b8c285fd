import { describe, expect, it } from 'vitest'
import page from '../../../fixtures/addepar-groups-page.json' with { type: 'json' }
import { AUTH, api, ids, useSandbox } from '../../support/addeparApi.js'

// /v1/entities (docs/addepar.md#entities), the members' own API.

useSandbox()
const ENTITY_IDS = [
  '22',
  '24',
  '102',
  '117',
  '200',
  '204',
  '289',
  '301',
  '302',
  '303',
  '349',
  '360',
  '438',
  '486',
  '501',
  '502',
  '503',
  '504',
  '2000001',
  '2000002',
]

describe('GET /v1/entities', () => {
  it('lists the firm entities in id order', async () => {
    const response = await api('GET', '/v1/entities', { auth: AUTH.entities })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/vnd.api+json')
    expect(ids(response.body)).toEqual(ENTITY_IDS)
    expect(response.body.data.slice(-2)).toEqual(page.entities)
    expect(response.body.links).toEqual({ next: null })
    expect(response.body.included).toEqual([])
  })

  it('filters by model types (or entity_types, any case), ids and dates', async () => {
    const list = async (query: string) => ids((await api('GET', `/v1/entities?${query}`)).body)
    expect(await list('filter[model_types]=TRUST,HOLDING_COMPANY')).toEqual([
      '22',
      '24',
      '289',
      '349',
      '360',
      '502',
      '504',
    ])
    expect(await list('filter[entity_types]=person_node')).toEqual(['102', '200', '501', '2000001'])
    expect(await list('filter[ids]=503,22,7')).toEqual(['22', '503'])
    expect(await list('filter[created_after]=2023-03-01&filter[created_before]="2023-03-01"')).toEqual([
      '501',
      '502',
      '503',
    ])
    expect(await list('filter[modified_before]=2023-01-10')).toEqual(['22', '24'])
    expect(await list('filter[modified_after]=2023-03-02&filter[model_types]=HOLDING_COMPANY')).toEqual(['504'])
  })

  it('returns only the attributes fields[entities] names, the timestamps included', async () => {
    const response = await api('GET', '/v1/entities?filter[ids]=22&fields[entities]=model_type,created_at')
    expect(response.body.data[0].attributes).toEqual({ model_type: 'TRUST', created_at: '2023-01-10T10:00:00Z' })
  })

  it('shows a Basic user only its portfolio', async () => {
    const pages: string[][] = []
    let next: string | null = '/v1/entities?page[limit]=3'
    while (next) {
      const response = await api('GET', next, { auth: AUTH.limited })
      pages.push(ids(response.body))
      next = response.body.links.next
    }
    expect(pages).toEqual([
      ['22', '24', '117'],
      ['200', '204', '301'],
      ['302', '360', '486'],
      ['2000001', '2000002'],
    ])
  })

  it('answers bad parameters with 400 and a token without ENTITIES with 403', async () => {
    expect((await api('GET', '/v1/entities?filter[group_types]=GROUPS')).status).toBe(400)
    expect((await api('GET', '/v1/entities?fields[entities]=name')).status).toBe(400)
    expect((await api('GET', '/v1/entities?page[limit]=5000')).status).toBe(400)
    expect((await api('GET', '/v1/entities', { auth: AUTH.groupsWrite })).status).toBe(403)
  })
})

describe('GET /v1/entities/:id', () => {
  it('returns the documented entity 2000002', async () => {
    const response = await api('GET', '/v1/entities/2000002', { auth: AUTH.entities })
    expect(response.status).toBe(200)
    expect(response.body).toEqual({ data: page.entities[1], included: [] })
  })

  it('answers 403 without ENTITIES and 404 for unknown or inaccessible entities', async () => {
    expect((await api('GET', '/v1/entities/22', { auth: AUTH.groupsRead })).status).toBe(403)
    expect((await api('GET', '/v1/entities/999')).status).toBe(404)
    expect((await api('GET', '/v1/entities/102', { auth: AUTH.limited })).status).toBe(404)
    expect((await api('GET', '/v1/entities/22', { auth: AUTH.limited })).status).toBe(200)
  })
})
