import { describe, expect, it } from 'vitest'
import { type ApiOptions, AUTH, api, ids, useSandbox } from '../../support/addeparApi.js'

// Cursor pagination (docs/addepar.md#pagination) walked to the end through links.next, on the households scenario
// (300 generated groups, 1,000 entities).

const env = useSandbox({ scenario: 'households' })

/** Follows links.next from `first` until it is null, returning the ids of each page and the links seen. */
async function walk(first: string, options: ApiOptions = {}) {
  const pages: string[][] = []
  const links: string[] = []
  let next: string | null = first
  while (next) {
    const response = await api('GET', next, options)
    expect(response.status).toBe(200)
    pages.push(ids(response.body))
    next = response.body.links.next
    if (next) links.push(next)
  }
  return { pages, links, all: pages.flat() }
}

const inOrder = (records: Iterable<{ id: string; firm_id: string }>) =>
  [...records]
    .filter((r) => r.firm_id === '123')
    .map((r) => r.id)
    .sort((a, b) => Number(a) - Number(b))

describe('pagination', () => {
  it('walks every group through links.next, each page full but the last', async () => {
    const { pages, links, all } = await walk('/v1/groups?page[limit]=40')
    expect(all).toEqual(inOrder(env.sandbox.store.addeparGroups.all()))
    expect(all).toHaveLength(300)
    expect(pages.map((p) => p.length)).toEqual([40, 40, 40, 40, 40, 40, 40, 20])
    expect(links[0]).toBe(`/v1/groups?page[limit]=40&page[after]=${pages[0]?.at(-1)}`)
  })

  it('serves 500 by default and accepts percent-encoded brackets', async () => {
    const { pages, links } = await walk('/v1/entities?page%5Blimit%5D=2000', { auth: AUTH.entities })
    expect(pages.map((p) => p.length)).toEqual([1000])
    expect(links).toEqual([])
    const byDefault = await walk('/v1/entities', { auth: AUTH.entities })
    expect(byDefault.pages.map((p) => p.length)).toEqual([500, 500])
    expect(byDefault.links).toEqual([`/v1/entities?page[limit]=500&page[after]=${byDefault.pages[0]?.at(-1)}`])
    expect(byDefault.all).toEqual(inOrder(env.sandbox.store.addeparEntities.all()))
    const encoded = await api('GET', '/v1/groups?page%5Blimit%5D=5&page%5Bafter%5D=1000010')
    expect(ids(encoded.body)).toEqual(['1000011', '1000012', '1000013', '1000014', '1000015'])
  })

  it('keeps filters and fields in links.next', async () => {
    const { all, links } = await walk('/v1/groups?filter[group_types]=HH_GROUPS&fields[groups]=name&page[limit]=30')
    const expected = [...env.sandbox.store.addeparGroups.all()]
      .filter((g) => g.group_type === 'HH_GROUPS')
      .map((g) => g.id)
    expect(all).toEqual(expected)
    expect(
      links.every((link) =>
        link.startsWith('/v1/groups?filter[group_types]=HH_GROUPS&fields[groups]=name&page[limit]=30&page[after]='),
      ),
    ).toBe(true)
    const persons = await walk('/v1/entities?filter[model_types]=PERSON_NODE&page[limit]=25', { auth: AUTH.entities })
    expect(persons.all).toEqual(
      inOrder([...env.sandbox.store.addeparEntities.all()].filter((e) => e.model_type === 'PERSON_NODE')),
    )
    expect(persons.pages.length).toBeGreaterThan(4)
  })

  it('starts after any id, existing or not, and ends with next null', async () => {
    expect(ids((await api('GET', '/v1/groups?page[limit]=2&page[after]=1000299')).body)).toEqual(['1000300'])
    const end = await api('GET', '/v1/groups?page[after]=1000300')
    expect([end.body.data, end.body.links.next]).toEqual([[], null])
    expect(ids((await api('GET', '/v1/groups?page[limit]=2&page[after]=4')).body)).toEqual(['1000001', '1000002'])
  })

  it('keeps pages stable while groups are created and deleted between them', async () => {
    const first = await api('GET', '/v1/groups?page[limit]=100')
    await api('DELETE', `/v1/groups/${first.body.data[99].id}`)
    await api('DELETE', '/v1/groups/1000101')
    const created = await api('POST', '/v1/groups', {
      body: {
        data: {
          type: 'groups',
          attributes: { name: 'Late' },
          relationships: { group_type: { data: { type: 'group_types', id: 'GROUPS' } } },
        },
      },
    })
    const rest = await walk(first.body.links.next)
    expect(rest.all[0]).toBe('1000102')
    expect(rest.all.at(-1)).toBe(created.body.data.id)
    expect(new Set([...ids(first.body), ...rest.all]).size).toBe(ids(first.body).length + rest.all.length)
  })
})
