import { describe, expect, it } from 'vitest'
import { AUTH, api, defaultScenarioWith, ids, useSandbox } from '../../support/addeparApi.js'

// Credentials, firm header, scopes, permissions, media types and the rate limit, on every route.

const group = {
  type: 'groups',
  attributes: { name: 'X' },
  relationships: { group_type: { data: { type: 'group_types', id: 'GROUPS' } } },
}
const members = { data: [{ type: 'entities', id: '22' }] }
const children = { data: [{ type: 'groups', id: '106' }] }
const groupType = {
  data: {
    type: 'group_types',
    attributes: { group_type_key: 'NEW', display_name: 'New', is_permissioned_resource: false },
  },
}

/**
 * Every endpoint of the routes table (docs/addepar.md#routes) with a valid body where it takes one and its success status,
 * in an order that succeeds when run one after another (the type NEW is created before it is deleted).
 */
const ROUTES: [method: string, path: string, body: object | undefined, success: number][] = [
  ['GET', '/v1/groups', undefined, 200],
  ['GET', '/v1/groups/5', undefined, 200],
  ['GET', '/v1/groups/5/relationships/members', undefined, 200],
  ['GET', '/v1/groups/5/members', undefined, 200],
  ['GET', '/v1/groups/5/child_groups', undefined, 200],
  ['POST', '/v1/groups', { data: group }, 201],
  ['POST', '/v1/groups/query', { data: { type: 'group_search', attributes: { display_names: ['a'] } } }, 200],
  ['POST', '/v1/groups/5/relationships/members', members, 204],
  ['POST', '/v1/groups/5/relationships/child_groups', children, 204],
  ['PATCH', '/v1/groups/5', { data: { type: 'groups', id: '5' } }, 200],
  ['PATCH', '/v1/groups', { data: [{ type: 'groups', id: '5' }] }, 200],
  ['PATCH', '/v1/groups/5/relationships/members', members, 204],
  ['PATCH', '/v1/groups/5/relationships/child_groups', children, 204],
  ['DELETE', '/v1/groups/106', undefined, 204],
  ['DELETE', '/v1/groups', { data: [{ type: 'groups', id: '104' }] }, 204],
  ['DELETE', '/v1/groups/5/relationships/members', members, 204],
  ['DELETE', '/v1/groups/5/relationships/child_groups', { data: [{ type: 'groups', id: '6' }] }, 204],
  ['GET', '/v1/group_types', undefined, 200],
  ['GET', '/v1/group_types/GROUPS', undefined, 200],
  ['POST', '/v1/group_types', groupType, 201],
  ['PATCH', '/v1/group_types/HH_GROUPS', { data: { type: 'group_types', attributes: { display_name: 'H' } } }, 200],
  ['DELETE', '/v1/group_types/NEW', undefined, 204],
  ['GET', '/v1/entities', undefined, 200],
  ['GET', '/v1/entities/22', undefined, 200],
]
const isEntities = (path: string) => path.startsWith('/v1/entities')

describe('authentication and media types', () => {
  const env = useSandbox()

  it('succeeds on every route with a token of the right scope', async () => {
    for (const [method, path, body, success] of ROUTES) {
      const auth = isEntities(path)
        ? AUTH.entities
        : method === 'GET' || path.endsWith('query')
          ? AUTH.groupsRead
          : AUTH.groupsWrite
      expect((await api(method, path, { auth, body })).status, `${method} ${path}`).toBe(success)
    }
  })

  it('answers 401 on every route without credentials, with wrong ones, or without the firm header', async () => {
    const before = env.sandbox.store.snapshot()
    for (const [method, path, body] of ROUTES) {
      for (const options of [
        { auth: null },
        { auth: `Basic ${btoa('sandbox-admin-key:nope')}` },
        { auth: 'Bearer nope' },
        { headers: { 'addepar-firm': undefined } },
        { headers: { 'addepar-firm': '124' } },
      ]) {
        const response = await api(method, path, { body, ...options })
        expect(response.status, `${method} ${path}`).toBe(401)
        expect(response.headers.get('content-type')).toBe('application/vnd.api+json')
        expect(response.body.errors[0]).toMatchObject({ status: '401', title: 'Unauthorized' })
      }
    }
    expect(env.sandbox.store.snapshot()).toEqual(before)
  })

  it('answers 403 on every route when the token lacks its scope', async () => {
    for (const [method, path, body] of ROUTES) {
      const auth = isEntities(path)
        ? AUTH.groupsWrite
        : method === 'GET' || path.endsWith('query')
          ? AUTH.entities
          : AUTH.groupsRead
      const response = await api(method, path, { auth, body })
      expect(response.status, `${method} ${path}`).toBe(403)
      expect(response.body.errors[0].status).toBe('403')
    }
  })

  it('answers 415 on every route with a body in another media type, and accepts application/json', async () => {
    for (const [method, path, body] of ROUTES.filter(([, , body]) => body !== undefined)) {
      const response = await api(method, path, { body, headers: { 'content-type': 'text/plain' } })
      expect(response.status, `${method} ${path}`).toBe(415)
      expect(response.body.errors[0]).toMatchObject({ status: '415', title: 'Unsupported Media Type' })
    }
    const plain = await api('POST', '/v1/groups', {
      body: { data: group },
      headers: { 'content-type': 'application/json', accept: '*/*' },
    })
    expect(plain.status).toBe(201)
    expect(plain.headers.get('content-type')).toBe('application/vnd.api+json')
  })

  it('answers methods Addepar does not have with 405', async () => {
    const response = await api('PUT', '/v1/groups/5', { body: { data: group } })
    expect([response.status, response.headers.get('allow')]).toEqual([405, 'GET, POST, PATCH, DELETE'])
  })
})

describe('Basic permissions (docs/addepar.md#manage-groups, #portfolio-access)', () => {
  useSandbox()

  it('shows the limited user only the groups it may see; others are 404', async () => {
    expect(ids((await api('GET', '/v1/groups', { auth: AUTH.limited })).body)).toEqual(['5', '100'])
    expect((await api('GET', '/v1/groups/100', { auth: AUTH.limited })).status).toBe(200)
    const hidden = await api('GET', '/v1/groups/6', { auth: AUTH.limited })
    expect([hidden.status, hidden.body.errors[0].detail]).toEqual([
      404,
      'Group 6 does not exist or you do not have access to it',
    ])
    expect((await api('GET', '/v1/groups/101', { auth: AUTH.limited })).status).toBe(404)
  })

  it('refuses writes without manage_groups (403)', async () => {
    const response = await api('POST', '/v1/groups', { auth: AUTH.limited, body: { data: group } })
    expect(response.status).toBe(403)
  })
})

describe('Basic permissions with manage_groups but partial portfolio access', () => {
  const env = useSandbox({
    scenario: defaultScenarioWith((addepar) => {
      const limited = addepar.users[1] as { permissions: { manage_groups: boolean } }
      limited.permissions.manage_groups = true
    }),
  })
  const withMember = (id: string) => ({
    data: { ...group, relationships: { ...group.relationships, members: { data: [{ type: 'entities', id }] } } },
  })

  it('answers inaccessible members with 400 and invisible groups with 404', async () => {
    const inaccessible = await api('POST', '/v1/groups', { auth: AUTH.limited, body: withMember('102') })
    expect([inaccessible.status, inaccessible.body.errors[0].detail]).toEqual([
      400,
      'Entity 102 does not exist or you do not have access to it',
    ])
    expect((await api('POST', '/v1/groups', { auth: AUTH.limited, body: withMember('22') })).status).toBe(201)
    const add = await api('POST', '/v1/groups/5/relationships/members', {
      auth: AUTH.limited,
      body: { data: [{ type: 'entities', id: '102' }] },
    })
    expect(add.status).toBe(400)
    const child = await api('POST', '/v1/groups/5/relationships/child_groups', {
      auth: AUTH.limited,
      body: { data: [{ type: 'groups', id: '6' }] },
    })
    expect(child.status).toBe(404)
    expect(
      (await api('PATCH', '/v1/groups/6', { auth: AUTH.limited, body: { data: { type: 'groups', id: '6' } } })).status,
    ).toBe(404)
    expect((await api('DELETE', '/v1/groups/6', { auth: AUTH.limited })).status).toBe(404)
    expect(env.sandbox.store.addeparGroups.get('5')?.members).toEqual(['22', '24', '117'])
    expect(env.sandbox.store.addeparGroups.has('6')).toBe(true)
  })
})

describe('rate limit (docs/addepar.md#rate-limit)', () => {
  const env = useSandbox({
    scenario: defaultScenarioWith((addepar) => {
      ;(addepar.firms[0] as { rate_limit?: object }).rate_limit = { limit: 3, window: '1m' }
    }),
  })

  it('answers 429 with X-RateLimit-Retry-After once the firm is over its limit, counted on the sandbox clock', async () => {
    expect((await api('GET', '/v1/groups/5')).status).toBe(200)
    await env.sandbox.clock.advance('20s')
    expect((await api('GET', '/v1/groups/5', { auth: null })).status).toBe(401)
    expect((await api('GET', '/v1/groups/999')).status).toBe(404)
    expect((await api('GET', '/v1/groups', { auth: AUTH.limited })).status).toBe(200)
    for (const [method, path, body] of ROUTES) {
      const response = await api(method, path, { body })
      expect(response.status, `${method} ${path}`).toBe(429)
      expect(response.headers.get('x-ratelimit-retry-after')).toBe('40')
      expect(response.body.errors[0]).toMatchObject({ status: '429', title: 'Too Many Requests' })
    }
    await env.sandbox.clock.advance('40s')
    expect((await api('GET', '/v1/groups/5')).status).toBe(200)
    await env.sandbox.reset()
    for (let i = 0; i < 3; i++) expect((await api('GET', '/v1/groups/5')).status).toBe(200)
  })
})
