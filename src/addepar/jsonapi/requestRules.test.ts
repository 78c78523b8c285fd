import { describe, expect, it } from 'vitest'
import { failure } from '../../../test/support/addeparApi.js'
import { fromFetchRequest } from '../../adapters/fromFetchRequest.js'
import { SortedIndex } from '../../store/SortedIndex.js'
import { mergeById } from '../queries/mergeById.js'
import { walkIds } from '../queries/walkIds.js'
import { walkIndex } from '../queries/walkIndex.js'
import { createGroupBody, groupSearchBody, membersBody } from '../resources/requestBodies.js'
import { nextLink } from './nextLink.js'
import { paginate } from './paginate.js'
import { parseFields } from './parseFields.js'
import { parseListFilters } from './parseListFilters.js'
import { parsePage } from './parsePage.js'
import { readJsonBody } from './readJsonBody.js'
import { validateBody } from './validateBody.js'

// Request parsing, pagination and body validation, without HTTP.

const params = (query: string) => new URLSearchParams(query)
const records = (...ids: number[]) => ids.map((id) => ({ id: String(id) }))
const idsOf = (items: Iterable<{ id: string }>) => [...items].map((item) => item.id)

describe('parsePage', () => {
  it('defaults to 500 from the start and accepts percent-encoded brackets', () => {
    expect(parsePage(params(''))).toEqual({ limit: 500, after: null })
    expect(parsePage(params('page%5Blimit%5D=2000&page%5Bafter%5D=0010'))).toEqual({ limit: 2000, after: '10' })
  })

  it('answers a limit outside 1..2000 or a cursor that is no id with 400', async () => {
    for (const limit of ['0', '2001', '-1', '1.5', 'ten', '']) {
      expect(await failure(() => parsePage(params(`page[limit]=${limit}`)))).toMatchObject({ status: 400 })
    }
    expect(await failure(() => parsePage(params('page[after]=abc')))).toMatchObject({
      status: 400,
      detail: 'page[after] must be the id of an item, not "abc"',
    })
  })
})

describe('paginate and its sources', () => {
  it('takes a page of matches and reports where the next one starts', () => {
    expect(paginate(records(1, 2, 3, 4, 5), 2)).toEqual({ items: records(1, 2), next: '2' })
    expect(paginate(records(1, 2, 3, 4, 5), 2, (r) => r.id !== '2')).toEqual({ items: records(1, 3), next: '3' })
    expect(paginate(records(1, 2, 3), 3)).toEqual({ items: records(1, 2, 3), next: null })
    expect(paginate(records(1, 2, 3, 4), 3, (r) => r.id !== '4')).toEqual({ items: records(1, 2, 3), next: null })
  })

  it('stops walking at the first match after the page', () => {
    let pulled = 0
    function* counted() {
      for (let id = 1; id <= 1000; id++) {
        pulled++
        yield { id: String(id) }
      }
    }
    paginate(counted(), 10)
    expect(pulled).toBe(11)
  })

  it('walks an index partition from just after a cursor, in numeric id order', () => {
    const index = new SortedIndex<{ id: string }>(
      (a, b) => a.id.length - b.id.length || a.id.localeCompare(b.id),
      () => ['firm'],
    )
    index.rebuild(records(100, 9, 10, 2))
    expect(idsOf(walkIndex(index, 'firm', null))).toEqual(['2', '9', '10', '100'])
    expect(idsOf(walkIndex(index, 'firm', '9'))).toEqual(['10', '100'])
    expect(idsOf(walkIndex(index, 'firm', '50'))).toEqual(['100'])
    expect(idsOf(walkIndex(index, 'other', null))).toEqual([])
  })

  it('walks a list of ids in numeric order, once each, skipping unknown ones', () => {
    const known = new Set(['3', '20', '100'])
    const lookup = (id: string) => (known.has(id) ? { id } : undefined)
    expect(idsOf(walkIds(['100', '3', '20', '3', '7'], null, lookup))).toEqual(['3', '20', '100'])
    expect(idsOf(walkIds(['100', '3', '20'], '3', lookup))).toEqual(['20', '100'])
  })

  it('merges sorted sources by numeric id', () => {
    expect(idsOf(mergeById([records(1, 5, 10), records(2, 3, 11), records()]))).toEqual([
      '1',
      '2',
      '3',
      '5',
      '10',
      '11',
    ])
  })

  it('links the next page relative to /v1 with the other parameters kept', () => {
    const query = params('filter%5Bids%5D=1,2,3&fields[groups]=name&page[limit]=2&page[after]=1')
    expect(nextLink('/v1/groups', query, 2, '2')).toBe(
      '/v1/groups?filter[ids]=1,2,3&fields[groups]=name&page[limit]=2&page[after]=2',
    )
    expect(nextLink('/v1/groups', params('filter[group_types]="Advisor Group"'), 500, '9')).toBe(
      '/v1/groups?filter[group_types]=%22Advisor%20Group%22&page[limit]=500&page[after]=9',
    )
    expect(nextLink('/v1/groups', query, 2, null)).toBeNull()
  })
})

describe('parseListFilters', () => {
  const dated = (created: string, modified = created) => ({
    created_at: `${created}T12:00:00Z`,
    modified_at: `${modified}T12:00:00Z`,
  })

  it('reads ids and group types as comma lists, quoted or not', () => {
    const filters = parseListFilters(params('filter[ids]=5, 6,,7&filter[group_types]="HH_GROUPS,GROUPS"'), 'groups')
    expect([filters.ids, filters.types]).toEqual([
      ['5', '6', '7'],
      ['HH_GROUPS', 'GROUPS'],
    ])
  })

  it('reads model types under either name, in any case', () => {
    expect(parseListFilters(params('filter[model_types]=trust,Person_Node'), 'entities').types).toEqual([
      'TRUST',
      'PERSON_NODE',
    ])
    expect(parseListFilters(params('filter[entity_types]=TRUST'), 'entities').types).toEqual(['TRUST'])
  })

  it('matches dates inclusively, quoted or not', () => {
    const filters = parseListFilters(
      params('filter[created_after]="2023-04-12"&filter[created_before]=2023-04-20&filter[modified_before]=2023-05-01'),
      'groups',
    )
    expect(filters.matchesDates(dated('2023-04-12'))).toBe(true)
    expect(filters.matchesDates(dated('2023-04-20'))).toBe(true)
    expect(filters.matchesDates(dated('2023-04-11'))).toBe(false)
    expect(filters.matchesDates(dated('2023-04-21'))).toBe(false)
    expect(filters.matchesDates(dated('2023-04-15', '2023-05-02'))).toBe(false)
    expect(
      parseListFilters(params('filter[modified_after]=2023-05-02'), 'groups').matchesDates(
        dated('2023-04-15', '2023-05-02'),
      ),
    ).toBe(true)
  })

  it('answers bad dates, bad ids and unknown filters with 400 naming the parameter', async () => {
    for (const date of ['2023-02-30', '2023-13-01', '12.04.2023', '2023-4-1']) {
      expect(await failure(() => parseListFilters(params(`filter[created_before]=${date}`), 'groups'))).toMatchObject({
        status: 400,
        detail: `filter[created_before] must be a date formatted as YYYY-MM-DD, not "${date}"`,
      })
    }
    expect(await failure(() => parseListFilters(params('filter[ids]=5,x'), 'groups'))).toMatchObject({ status: 400 })
    expect(await failure(() => parseListFilters(params('filter[model_types]=TRUST'), 'groups'))).toMatchObject({
      status: 400,
    })
  })
})

describe('parseFields', () => {
  it('reads attribute names, ignoring spaces, and [] as none', () => {
    expect(parseFields(params(''), 'groups')).toBeUndefined()
    expect(parseFields(params('fields[groups]= name , external_id_crm'), 'groups')).toEqual(['name', 'external_id_crm'])
    expect(parseFields(params('fields[groups]=[]'), 'groups')).toEqual([])
    expect(parseFields(params('fields[entities]=model_type'), 'entities')).toEqual(['model_type'])
  })

  it('answers a name that is no attribute with 400', async () => {
    expect(await failure(() => parseFields(params('fields[groups]=colour'), 'groups'))).toMatchObject({
      status: 400,
      detail: 'fields[groups]: colour is not an attribute of groups',
    })
  })
})

describe('readJsonBody', () => {
  const request = (body: string | null, contentType?: string) =>
    fromFetchRequest(
      new Request('https://x.test/', {
        method: 'POST',
        body,
        headers: contentType ? { 'content-type': contentType } : {},
      }),
    )

  it('accepts JSON:API and plain JSON, with parameters', async () => {
    expect(await readJsonBody(await request('{"data":[]}', 'application/vnd.api+json'))).toEqual({ data: [] })
    expect(await readJsonBody(await request('{"a":1}', 'application/json; charset=utf-8'))).toEqual({ a: 1 })
  })

  it('answers other media types with 415, and empty or broken JSON with 400', async () => {
    expect(await failure(async () => readJsonBody(await request('{}', 'text/plain')))).toMatchObject({ status: 415 })
    expect(await failure(async () => readJsonBody(await request('{}')))).toMatchObject({ status: 415 })
    expect(await failure(async () => readJsonBody(await request('', 'application/vnd.api+json')))).toMatchObject({
      status: 400,
    })
    expect(await failure(async () => readJsonBody(await request('{"data":', 'application/vnd.api+json')))).toEqual({
      status: 400,
      detail: 'The request body is not valid JSON',
      pointer: '',
    })
  })

  it('lets an optional body be absent', async () => {
    expect(await readJsonBody(await request(null), true)).toBeUndefined()
  })
})

describe('validateBody', () => {
  it('answers a wrong or missing type with 409, before other problems', async () => {
    expect(await failure(() => validateBody(createGroupBody, { data: { type: 'group', attributes: {} } }))).toEqual({
      status: 409,
      detail: '/data/type must be "groups"',
      pointer: '/data/type',
    })
    expect(
      await failure(() => validateBody(membersBody, { data: [{ type: 'entities', id: '1' }, { id: '2' }] })),
    ).toEqual({
      status: 409,
      detail: '/data/1/type must be "entities"',
      pointer: '/data/1/type',
    })
  })

  it('answers other problems with 400 naming the first field', async () => {
    expect(
      await failure(() =>
        validateBody(createGroupBody, {
          data: {
            type: 'groups',
            attributes: {},
            relationships: { group_type: { data: { type: 'group_types', id: 'GROUPS' } } },
          },
        }),
      ),
    ).toMatchObject({ status: 400, pointer: '/data/attributes/name' })
    expect(await failure(() => validateBody(membersBody, { data: { type: 'entities', id: '1' } }))).toMatchObject({
      status: 400,
      pointer: '/data',
    })
  })

  it('needs at least one search criterion', async () => {
    for (const attributes of [undefined, {}, { display_names: [] }]) {
      expect(
        await failure(() => validateBody(groupSearchBody, { data: { type: 'group_search', attributes } })),
      ).toMatchObject({
        status: 400,
      })
    }
    expect(await failure(() => validateBody(groupSearchBody, { data: { type: 'group_search' } }))).toEqual({
      status: 400,
      detail:
        '/data/attributes: Missing or invalid attribute. One of [display_names, group_types, external_ids] is required.',
      pointer: '/data/attributes',
    })
  })
})
