import { setupServer } from 'msw/node'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { addeparRoutes } from '../../src/addepar/routes/addeparRoutes.js'
import { createSandbox, type Sandbox } from '../../src/index.js'
import { AUTH, defaultScenarioWith } from '../support/addeparApi.js'

// Every documented status of every Addepar operation, produced on purpose; each response also passes the
// contract check of test/contract/setup.ts. Credentials (401), scopes (403), the firm's rate limit (429)
// and unexpected failures (500) on every route; media type (415), payload (400) and JSON:API `type`
// (409) on every write; then the statuses particular to each operation.

const MAIN = 'https://examplefirm.addepar.com/api'
const LIMITED = 'https://limited.addepar.com/api'
const BROKEN = 'https://broken.addepar.com/api'

let sandbox: Sandbox
let limited: Sandbox
let broken: Sandbox
let server: ReturnType<typeof setupServer>

beforeAll(async () => {
  sandbox = await createSandbox({ scenario: 'default' })
  limited = await createSandbox({
    scenario: defaultScenarioWith((addepar) => {
      Object.assign(addepar.firms[0] as object, { rate_limit: { limit: 1, window: '1h' } })
    }),
  })
  broken = await createSandbox({ scenario: 'default' })
  // The firm lookup behind every authenticated call fails, as an unexpected error inside the sandbox would.
  vi.spyOn(broken.store.addeparFirms, 'get').mockImplementation(() => {
    throw new Error('the store is unavailable')
  })
  server = setupServer(
    ...sandbox.handlers,
    ...limited.handlersFor({ addepar: `${LIMITED}/` }),
    ...broken.handlersFor({ addepar: `${BROKEN}/` }),
  )
  server.listen({ onUnhandledFrame: 'error' })
  // The limited firm's one call in the hour.
  expect((await request(LIMITED, 'GET', '/v1/groups/5')).status).toBe(200)
})
beforeEach(() => sandbox.reset())
afterAll(() => server.close())

interface Options {
  auth?: string | null
  body?: unknown
  contentType?: string
}

async function request(origin: string, method: string, path: string, options: Options = {}): Promise<Response> {
  const headers: Record<string, string> = { 'addepar-firm': '123', accept: 'application/vnd.api+json' }
  const auth = options.auth === undefined ? AUTH.admin : options.auth
  if (auth !== null) headers.authorization = auth
  let body: string | undefined
  if (options.body !== undefined) {
    headers['content-type'] = options.contentType ?? 'application/vnd.api+json'
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body)
  }
  const response = await fetch(`${origin}${path}`, { method, headers, body })
  await response.arrayBuffer()
  return response
}
const api = (method: string, path: string, options?: Options) => request(MAIN, method, path, options)

const group = (id: string, name = 'Renamed') => ({ type: 'groups', id, attributes: { name } })
const createBody = {
  data: {
    type: 'groups',
    attributes: { name: 'Contract' },
    relationships: {
      group_type: { data: { type: 'group_types', id: 'HH_GROUPS' } },
      members: { data: [{ type: 'entities', id: '22' }] },
    },
  },
}

/** What calling one operation takes, beyond its method and path (the route table's). */
interface Sample {
  /** Its path parameters, by name. */
  params?: Record<string, string>
  /** Credentials that may call it (the admin's when not given), and credentials that lack its scope. */
  auth?: string
  wrongAuth: string
  /** A valid body, for writes. */
  body?: unknown
  /** `type` broken somewhere in the body: a 409. */
  wrongType?: unknown
  /** What must exist before it succeeds. */
  arrange?: () => Promise<void>
}

/** A custom group type nothing uses, so that deleting it succeeds. */
async function emptyGroupType() {
  const created = await api('POST', '/v1/group_types', {
    body: {
      data: {
        type: 'group_types',
        attributes: { group_type_key: 'EMPTY_TYPE', display_name: 'Empty', is_permissioned_resource: false },
      },
    },
  })
  expect(created.status).toBe(201)
}

const members = { data: [{ type: 'entities', id: '22' }] }
const children = { data: [{ type: 'groups', id: '7' }] }
const relationshipWrites = (name: 'members' | 'child_groups', operationIds: string[]): Record<string, Sample> =>
  Object.fromEntries(
    operationIds.map((operationId) => [
      operationId,
      {
        params: { id: '101' },
        wrongAuth: AUTH.entities,
        body: name === 'members' ? members : children,
        wrongType: { data: [{ type: name === 'members' ? 'groups' : 'entities', id: '22' }] },
      },
    ]),
  )

const samples: Record<string, Sample> = {
  listGroups: { wrongAuth: AUTH.entities },
  createGroups: {
    wrongAuth: AUTH.entities,
    body: createBody,
    wrongType: { data: { ...createBody.data, type: 'group' } },
  },
  updateGroups: {
    wrongAuth: AUTH.entities,
    body: { data: [group('101')] },
    wrongType: { data: [{ ...group('101'), type: 'entities' }] },
  },
  deleteGroups: {
    wrongAuth: AUTH.entities,
    body: { data: [{ type: 'groups', id: '104' }] },
    wrongType: { data: [{ type: 'entities', id: '104' }] },
  },
  queryGroups: {
    wrongAuth: AUTH.entities,
    body: { data: { type: 'group_search', attributes: { display_names: ['Group'] } } },
    wrongType: { data: { type: 'groups', attributes: { display_names: ['Group'] } } },
  },
  getGroup: { params: { id: '5' }, wrongAuth: AUTH.entities },
  updateGroup: {
    params: { id: '101' },
    wrongAuth: AUTH.entities,
    body: { data: group('101') },
    wrongType: { data: { ...group('101'), type: 'entities' } },
  },
  deleteGroup: {
    params: { id: '104' },
    wrongAuth: AUTH.entities,
    body: { data: { type: 'groups', id: '104' } },
    wrongType: { data: { type: 'groups', id: '105' } },
  },
  getGroupMemberIdentifiers: { params: { id: '5' }, wrongAuth: AUTH.entities },
  ...relationshipWrites('members', ['addGroupMembers', 'replaceGroupMembers', 'removeGroupMembers']),
  ...relationshipWrites('child_groups', ['addChildGroups', 'replaceChildGroups', 'removeChildGroups']),
  listGroupMembers: { params: { id: '5' }, wrongAuth: AUTH.entities },
  listChildGroups: { params: { id: '5' }, wrongAuth: AUTH.entities },
  listGroupTypes: { wrongAuth: AUTH.entities },
  createGroupType: {
    wrongAuth: AUTH.entities,
    body: {
      data: {
        type: 'group_types',
        attributes: { group_type_key: 'CONTRACT', display_name: 'Contract', is_permissioned_resource: false },
      },
    },
    wrongType: {
      data: {
        type: 'groups',
        attributes: { group_type_key: 'CONTRACT', display_name: 'Contract', is_permissioned_resource: false },
      },
    },
  },
  getGroupType: { params: { id: 'HH_GROUPS' }, wrongAuth: AUTH.entities },
  updateGroupType: {
    params: { id: 'HH_GROUPS' },
    wrongAuth: AUTH.entities,
    body: { data: { type: 'group_types', attributes: { display_name: 'Families' } } },
    wrongType: { data: { type: 'groups', attributes: { display_name: 'Families' } } },
  },
  deleteGroupType: { params: { id: 'EMPTY_TYPE' }, wrongAuth: AUTH.entities, arrange: emptyGroupType },
  listEntities: { auth: AUTH.entities, wrongAuth: AUTH.groupsWrite },
  getEntity: { params: { id: '22' }, auth: AUTH.entities, wrongAuth: AUTH.groupsWrite },
}

const operations = addeparRoutes.flatMap((route) => {
  const sample = samples[route.operation.operationId]
  return sample ? [{ ...sample, route, operationId: route.operation.operationId }] : []
})
type Operation = (typeof operations)[number]

const documented = (operation: Operation) => Object.keys(operation.route.operation.responses)

function pathOf(operation: Operation): string {
  return operation.route.path.replace(/:([A-Za-z_]+)/g, (_, name: string) => {
    const value = operation.params?.[name]
    if (value === undefined) throw new Error(`${operation.operationId}: no sample value for :${name}`)
    return value
  })
}

const options = (operation: Operation, extra: Options = {}): Options => ({
  ...(operation.body !== undefined ? { body: operation.body } : {}),
  ...extra,
})
const send = (operation: Operation, extra?: Options, origin = MAIN) =>
  request(origin, operation.route.method, pathOf(operation), options(operation, extra))

it('has sample data for every route of the table', () => {
  const ids = addeparRoutes.map((route) => route.operation.operationId)
  expect(ids.sort()).toEqual(Object.keys(samples).sort())
})

describe.each(operations)('$operationId', (operation) => {
  it('answers its success status', async () => {
    await operation.arrange?.()
    const response = await send(operation, operation.auth ? { auth: operation.auth } : {})
    expect(response.status).toBeLessThan(300)
    expect(documented(operation)).toContain(String(response.status))
  })

  it('401 without credentials, 403 without the scope', async () => {
    expect((await send(operation, { auth: null })).status).toBe(401)
    expect((await send(operation, { auth: operation.wrongAuth })).status).toBe(403)
  })

  it('429 once the firm’s rate limit is used up, 500 when the sandbox fails unexpectedly', async () => {
    expect((await send(operation, {}, LIMITED)).status).toBe(429)
    expect((await send(operation, {}, BROKEN)).status).toBe(500)
  })
})

// The writes that document the checks of a body: media type (415), payload (400) and JSON:API `type` (409).
describe.each(operations.filter((operation) => documented(operation).includes('415')))(
  '$operationId with a body',
  (operation) => {
    it('415 for another media type, 400 for a malformed body, 409 for a wrong type', async () => {
      expect(operation.body, 'a sample body').toBeDefined()
      expect(operation.wrongType, 'a sample body of a wrong type').toBeDefined()
      expect((await send(operation, { body: JSON.stringify(operation.body), contentType: 'text/plain' })).status).toBe(
        415,
      )
      expect((await send(operation, { body: '{' })).status).toBe(400)
      expect((await send(operation, { body: operation.wrongType })).status).toBe(409)
    })
  },
)

describe('the statuses particular to each operation', () => {
  it('400 for bad query parameters', async () => {
    for (const path of [
      '/v1/groups?page[limit]=0',
      '/v1/groups/5?fields[groups]=nope',
      '/v1/groups/5/members?page[limit]=abc',
      '/v1/groups/5/child_groups?page[after]=x',
      '/v1/group_types?is_permissioned_resource=maybe',
      '/v1/group_types/not-a-key!',
    ]) {
      expect((await api('GET', path)).status, path).toBe(400)
    }
    expect((await api('GET', '/v1/entities?filter[created_before]=yesterday', { auth: AUTH.entities })).status).toBe(
      400,
    )
    expect((await api('GET', '/v1/entities/22?fields[entities]=nope', { auth: AUTH.entities })).status).toBe(400)
    expect((await api('DELETE', '/v1/group_types/not-a-key!')).status).toBe(400)
    expect(
      (await api('POST', '/v1/groups/query?page[limit]=0', { body: { data: { type: 'group_search' } } })).status,
    ).toBe(400)
  })

  it('400 for bodies that name no member, a wrong member, or change a group type’s key', async () => {
    expect((await api('DELETE', '/v1/groups', { body: { data: [] } })).status).toBe(400)
    expect((await api('DELETE', '/v1/groups/104', { body: { data: { type: 'groups' } } })).status).toBe(400)
    expect(
      (await api('POST', '/v1/groups/101/relationships/members', { body: { data: [{ type: 'entities', id: '302' }] } }))
        .status,
    ).toBe(400)
    const rekey = { data: { type: 'group_types', attributes: { display_name: 'X', group_type_key: 'OTHER' } } }
    expect((await api('PATCH', '/v1/group_types/HH_GROUPS', { body: rekey })).status).toBe(400)
  })

  it('404 for unknown groups, group types and entities', async () => {
    for (const [method, path, body] of [
      ['GET', '/v1/groups/999'],
      ['PATCH', '/v1/groups/999', { data: group('999') }],
      ['DELETE', '/v1/groups/999'],
      ['GET', '/v1/groups/999/relationships/members'],
      ['POST', '/v1/groups/999/relationships/members', members],
      ['PATCH', '/v1/groups/999/relationships/members', members],
      ['DELETE', '/v1/groups/999/relationships/members', members],
      ['POST', '/v1/groups/101/relationships/child_groups', { data: [{ type: 'groups', id: '999' }] }],
      ['PATCH', '/v1/groups/999/relationships/child_groups', children],
      ['DELETE', '/v1/groups/999/relationships/child_groups', children],
      ['GET', '/v1/groups/999/members'],
      ['GET', '/v1/groups/999/child_groups'],
      ['PATCH', '/v1/groups', { data: [group('999')] }],
      ['DELETE', '/v1/groups', { data: [{ type: 'groups', id: '999' }] }],
      ['GET', '/v1/group_types/NOPE'],
      ['PATCH', '/v1/group_types/NOPE', { data: { type: 'group_types', attributes: { display_name: 'X' } } }],
      ['DELETE', '/v1/group_types/NOPE'],
    ] as const) {
      expect((await api(method, path, body === undefined ? {} : { body })).status, `${method} ${path}`).toBe(404)
    }
    const unknownType = structuredClone(createBody)
    unknownType.data.relationships.group_type.data.id = 'NOPE'
    expect((await api('POST', '/v1/groups', { body: unknownType })).status).toBe(404)
    expect((await api('GET', '/v1/entities/999', { auth: AUTH.entities })).status).toBe(404)
  })

  it('403 for the built-in group type and for read-only attributes', async () => {
    const rename = { data: { type: 'group_types', attributes: { display_name: 'Mine' } } }
    expect((await api('PATCH', '/v1/group_types/GROUPS', { body: rename })).status).toBe(403)
    expect((await api('DELETE', '/v1/group_types/GROUPS')).status).toBe(403)
    const stamped = structuredClone(createBody) as { data: { attributes: Record<string, string> } }
    stamped.data.attributes.created_at = '2020-01-01T00:00:00Z'
    expect((await api('POST', '/v1/groups', { body: stamped })).status).toBe(403)
  })

  it('409 for a duplicate group type, a group type in use, a cycle, and a body id not the URL’s', async () => {
    const duplicate = {
      data: {
        type: 'group_types',
        attributes: { group_type_key: 'HH_GROUPS', display_name: 'Again', is_permissioned_resource: false },
      },
    }
    expect((await api('POST', '/v1/group_types', { body: duplicate })).status).toBe(409)
    expect((await api('DELETE', '/v1/group_types/HH_GROUPS')).status).toBe(409)
    const renamed = { data: { type: 'group_types', id: 'GROUPS', attributes: { display_name: 'X' } } }
    expect((await api('PATCH', '/v1/group_types/HH_GROUPS', { body: renamed })).status).toBe(409)
    const cycle = { data: [{ type: 'groups', id: '5' }] }
    expect((await api('POST', '/v1/groups/7/relationships/child_groups', { body: cycle })).status).toBe(409)
    expect((await api('PATCH', '/v1/groups/7/relationships/child_groups', { body: cycle })).status).toBe(409)
    const self = { data: [{ type: 'groups', id: '101' }] }
    expect((await api('DELETE', '/v1/groups/101/relationships/child_groups', { body: self })).status).toBe(409)
    expect((await api('DELETE', '/v1/groups/104', { body: { data: { type: 'groups', id: '105' } } })).status).toBe(409)
  })

  it('405 for methods the API does not have, 404 for routes it does not have', async () => {
    expect((await api('PUT', '/v1/groups/5', { body: { data: group('5') } })).status).toBe(405)
    expect((await api('GET', '/v1/portfolios')).status).toBe(404)
  })
})
