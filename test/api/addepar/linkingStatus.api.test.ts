import { describe, expect, it } from 'vitest'
import { createSandbox, ScenarioError } from '../../../src/index.js'
import { AUTH, api, defaultScenarioWith, ids, useSandbox } from '../../support/addeparApi.js'

// `filter[linking_status]` on GET /v1/entities (docs/addepar.md#entities): online accounts (model type
// FINANCIAL_ACCOUNT) linked, or not, to an owner. In the default scenario 438 is the one unlinked account;
// 117, 301, 503 and the documented 2000002 are linked.

useSandbox()
const list = async (query: string, auth: string = AUTH.admin) => {
  const response = await api('GET', `/v1/entities?${query}`, { auth })
  expect(response.status, JSON.stringify(response.body)).toBe(200)
  return ids(response.body)
}

describe('GET /v1/entities?filter[linking_status]', () => {
  it('lists the online accounts linked, or not linked, to an owner', async () => {
    expect(await list('filter[linking_status]=linked')).toEqual(['117', '301', '503', '2000002'])
    expect(await list('filter[linking_status]=unlinked')).toEqual(['438'])
    // Quoted as the docs quote filter values, and with percent-encoded brackets.
    expect(await list('filter[linking_status]="unlinked"')).toEqual(['438'])
    expect(await list('filter%5Blinking_status%5D=linked')).toEqual(['117', '301', '503', '2000002'])
  })

  it('combines with the ids and date filters, a Basic user’s portfolio and pagination', async () => {
    expect(await list('filter[linking_status]=linked&filter[ids]=22,117,438,503')).toEqual(['117', '503'])
    expect(await list('filter[linking_status]=linked&filter[created_before]=2023-02-28')).toEqual(['117', '301'])
    expect(await list('filter[linking_status]=linked', AUTH.entities)).toEqual(['117', '301', '503', '2000002'])
    expect(await list('filter[linking_status]=linked', AUTH.limited)).toEqual(['117', '301', '2000002'])
    expect(await list('filter[linking_status]=unlinked', AUTH.limited)).toEqual([])

    const first = await api('GET', '/v1/entities?filter[linking_status]=linked&page[limit]=3')
    expect(ids(first.body)).toEqual(['117', '301', '503'])
    expect(first.body.links.next).toMatch(/filter(\[|%5B)linking_status(\]|%5D)=linked/)
    const second = await api('GET', first.body.links.next)
    expect(ids(second.body)).toEqual(['2000002'])
    expect(second.body.links.next).toBeNull()
  })

  it('answers another value with 400 naming the parameter', async () => {
    for (const value of ['LINKED', 'maybe', '', 'linked,unlinked']) {
      const response = await api('GET', `/v1/entities?filter[linking_status]=${encodeURIComponent(value)}`)
      expect(response.status).toBe(400)
      expect(response.body.errors).toEqual([
        expect.objectContaining({
          status: '400',
          detail: `filter[linking_status] must be linked or unlinked, not "${value}"`,
          source: { parameter: 'filter[linking_status]' },
        }),
      ])
    }
  })

  it('answers 400 for a linking status together with model types, as the Entities page rules out', async () => {
    for (const types of ['model_types', 'entity_types']) {
      const response = await api('GET', `/v1/entities?filter[${types}]=FINANCIAL_ACCOUNT&filter[linking_status]=linked`)
      expect(response.status).toBe(400)
      expect(response.body.errors[0]).toMatchObject({
        detail: `filter[linking_status] cannot be combined with filter[${types}]`,
        source: { parameter: 'filter[linking_status]' },
      })
    }
  })

  it('is no filter of groups, and no attribute of the entity resource', async () => {
    const groups = await api('GET', '/v1/groups?filter[linking_status]=linked')
    expect(groups.status).toBe(400)
    expect(groups.body.errors[0].source).toEqual({ parameter: 'filter[linking_status]' })
    const entity = await api('GET', '/v1/entities/438', { auth: AUTH.entities })
    expect(entity.status).toBe(200)
    expect(Object.keys(entity.body.data.attributes)).not.toContain('linking_status')
    expect((await api('GET', '/v1/entities?fields[entities]=linking_status')).status).toBe(400)
  })
})

describe('linking status in the scenario data', () => {
  it('is set per account in a scenario, linked by default, and refused on other model types', async () => {
    const sandbox = await createSandbox({
      scenario: defaultScenarioWith((addepar) => {
        for (const entity of addepar.entities) {
          if (entity.id === '117') Object.assign(entity, { linking_status: 'unlinked' })
          if (entity.id === '438') delete (entity as { linking_status?: string }).linking_status
        }
      }),
    })
    expect(sandbox.store.addeparEntities.get('117')?.linking_status).toBe('unlinked')
    expect(sandbox.store.addeparEntities.get('438')?.linking_status).toBe('linked')
    expect(sandbox.store.addeparEntities.get('2000002')?.linking_status).toBe('linked')
    expect(sandbox.store.addeparEntities.get('22')?.linking_status).toBeNull()

    const wrong = createSandbox({
      scenario: defaultScenarioWith((addepar) => {
        Object.assign(addepar.entities[0] as object, { linking_status: 'linked' })
      }),
    })
    await expect(wrong).rejects.toThrow(ScenarioError)
    await expect(wrong).rejects.toThrow(/addepar\.entities\[0\]\.linking_status.*only a FINANCIAL_ACCOUNT/s)
  })

  it('gives generated accounts a status that is the same for the same seed, some of them unlinked', async () => {
    const statuses = async () => {
      const sandbox = await createSandbox({ scenario: 'households', seed: 7 })
      return [...sandbox.store.addeparEntities.all()]
        .filter((entity) => entity.model_type === 'FINANCIAL_ACCOUNT' || entity.linking_status !== null)
        .map((entity) => [entity.id, entity.model_type, entity.linking_status])
    }
    const first = await statuses()
    expect(first).toEqual(await statuses())
    expect(first.every(([, type]) => type === 'FINANCIAL_ACCOUNT')).toBe(true)
    const unlinked = first.filter(([, , status]) => status === 'unlinked').length
    expect(unlinked).toBe(Math.floor(first.length / 4))
    expect(first.length - unlinked).toBeGreaterThan(0)
  })
})
