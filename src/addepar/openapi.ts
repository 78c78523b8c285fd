import { componentSchemas, type JsonSchema, schemaRegistry } from '../contract/toJsonSchema.js'
import type {
  OpenApiDocument,
  OpenApiOptions,
  Operation,
  Parameter,
  Reference,
  RequestBody,
  Response,
} from '../contract/types.js'
import { memberModelType } from '../store/schemas.js'
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from './parsePage.js'
import {
  childGroupsBody,
  createGroupBody,
  createGroupsBody,
  createGroupTypeBody,
  deleteGroupBody,
  deleteGroupsBody,
  groupSearchBody,
  membersBody,
  updateGroupBody,
  updateGroupsBody,
  updateGroupTypeBody,
} from './requestBodies.js'
import {
  arrayDocument,
  collectionDocument,
  entityResource,
  errorDocument,
  groupResource,
  groupTypeResource,
  memberIdentifiersDocument,
  singleDocument,
} from './resources.js'

// The sandbox's own OpenAPI 3.1 document of the Addepar API it serves: every route, every status it can
// answer, headers and JSON:API bodies. Resource and request schemas are generated from the zod schemas the
// handlers use (./resources.ts, ./requestBodies.ts); the rules they describe are in docs/addepar.md.

export const ADDEPAR_ORIGIN = 'https://examplefirm.addepar.com/api'

const JSON_API = 'application/vnd.api+json'
const ref = (path: string): Reference => ({ $ref: `#/components/${path}` })
const schemaRef = (id: string): JsonSchema => ({ $ref: `#/components/schemas/${id}` })

// ---- documented examples (Addepar's Groups page) ---------------------------------------------------

const EXAMPLE_GROUP = {
  type: 'groups',
  id: '101',
  attributes: { name: 'Group 2', created_at: '2023-07-28T02:24:30Z', modified_at: '2023-07-30T10:43:21Z' },
  relationships: {
    members: {
      links: { self: '/v1/groups/101/relationships/members', related: '/v1/groups/101/members' },
      data: [{ type: 'entities', id: '289' }],
    },
    group_type: {
      links: { self: '/v1/groups/101/relationships/group_type', related: '/v1/groups/101/group_type' },
      data: { type: 'group_types', id: 'HH_GROUPS' },
    },
    child_groups: {
      links: { self: '/v1/groups/101/relationships/child_groups', related: '/v1/groups/101/child_groups' },
      data: [{ type: 'groups', id: '102' }],
    },
  },
  links: { self: '/v1/groups/101' },
}
const EXAMPLE_GROUP_TYPE = {
  id: 'HH_GROUPS',
  type: 'group_types',
  attributes: { group_type_key: 'HH_GROUPS', display_name: 'Households', is_permissioned_resource: false },
  links: { self: '/v1/group_types/HH_GROUPS' },
}
const EXAMPLE_ENTITY = {
  id: '2000002',
  type: 'entities',
  attributes: {
    original_name: 'X092849032',
    display_name: 'Citco',
    model_type: 'FINANCIAL_ACCOUNT',
    currency_factor: 'USD',
    ownership_type: 'PERCENT_BASED',
    is_rolled_up: false,
  },
  links: { self: '/v1/entities/2000002' },
}
const EXAMPLE_CREATE = {
  data: {
    type: 'groups',
    attributes: { name: 'Household Smith', external_id_crm: 'H-1' },
    relationships: {
      group_type: { data: { type: 'group_types', id: 'HH_GROUPS' } },
      members: { data: [{ type: 'entities', id: '2000001' }] },
    },
  },
}
const EXAMPLE_SEARCH = {
  data: {
    type: 'group_search',
    attributes: {
      display_names: ['Limited'],
      group_types: ['GROUPS'],
      external_ids: [{ external_id_type: 'random_system', external_id: '34e0ec90-9ebb-4f25-9ee4-b86121c14c67' }],
    },
  },
}

// ---- errors (docs/addepar.md#errors) ----------------------------------------------------------------------

interface ErrorSpec {
  name: string
  title: string
  description: string
  detail: string
  headers?: Response['headers']
}

const ERRORS: Record<number, ErrorSpec> = {
  400: {
    name: 'BadRequest',
    title: 'Bad Request',
    description:
      'Bad parameters or payload: `source.pointer` names the body member, `source.parameter` the query parameter.',
    detail: 'page[limit] must be an integer from 1 to 2000, not "0"',
  },
  401: {
    name: 'Unauthorized',
    title: 'Unauthorized',
    description:
      'Authentication failed: credentials, or the `Addepar-Firm` header, missing or wrong (docs/addepar.md#credentials, #firm-header).',
    detail: 'Authentication failed: check the API key, secret, and Addepar-Firm header',
  },
  403: {
    name: 'Forbidden',
    title: 'Forbidden',
    description:
      'A missing scope (Bearer, docs/addepar.md#bearer-scopes) or permission (Basic, docs/addepar.md#manage-groups), the built-in group type, or a read-only attribute.',
    detail: 'This token lacks the GROUPS_WRITE scope',
  },
  404: {
    name: 'NotFound',
    title: 'Not Found',
    description: 'Wrong URL or id, or no access to the resource (docs/addepar.md#portfolio-access).',
    detail: 'Group 999 does not exist or you do not have access to it',
  },
  405: {
    name: 'MethodNotAllowed',
    title: 'Method Not Allowed',
    description: 'Only GET, POST, PATCH and DELETE exist.',
    detail: 'Method PUT is not allowed; use GET, POST, PATCH or DELETE',
    headers: {
      Allow: { required: true, schema: { type: 'string', const: 'GET, POST, PATCH, DELETE' } },
    },
  },
  409: {
    name: 'Conflict',
    title: 'Conflict',
    description:
      'The write would result in an invalid data state: a wrong JSON:API `type`, a body id that is not the URL’s, ' +
      'a duplicate group type, a group type in use, or a cycle of child groups.',
    detail: '/data/type must be "groups"',
  },
  413: {
    name: 'ContentTooLarge',
    title: 'Content Too Large',
    description: 'The local server refuses a request body over 5 MB before any route sees it.',
    detail: 'Request body exceeds the 5 MB limit',
  },
  415: {
    name: 'UnsupportedMediaType',
    title: 'Unsupported Media Type',
    description:
      'The request body is neither `application/vnd.api+json` nor `application/json` (docs/addepar.md#media-types).',
    detail: 'Unsupported Content-Type "text/plain": send application/vnd.api+json',
  },
  429: {
    name: 'TooManyRequests',
    title: 'Too Many Requests',
    description: 'The firm’s rate limit is used up (docs/addepar.md#rate-limit, when the scenario sets one).',
    detail: 'Rate limit of 50 requests per 15m exceeded; retry after 840 s',
    headers: {
      'X-RateLimit-Retry-After': {
        description: 'Seconds until the next call fits in the window.',
        required: true,
        schema: { type: 'string', pattern: '^[0-9]+$' },
        example: '840',
      },
    },
  },
  500: {
    name: 'InternalServerError',
    title: 'Internal Server Error',
    description: 'An unexpected failure inside the sandbox, still answered as a JSON:API error.',
    detail: 'Unexpected error: ...',
  },
}

function errorResponse(status: number, spec: ErrorSpec): Response {
  return {
    description: spec.description,
    ...(spec.headers ? { headers: spec.headers } : {}),
    content: {
      [JSON_API]: {
        schema: {
          allOf: [
            schemaRef('ErrorDocument'),
            {
              type: 'object',
              properties: {
                errors: { type: 'array', items: { type: 'object', properties: { status: { const: String(status) } } } },
              },
            },
          ],
        },
        examples: {
          documented: { value: { errors: [{ status: String(status), title: spec.title, detail: spec.detail }] } },
        },
      },
    },
  }
}

/** Statuses every route can answer: credentials (401), scope or permission (403), rate limit, failures. */
const ALWAYS = [401, 403, 429, 500]
const errors = (...statuses: number[]): Record<string, Reference> =>
  Object.fromEntries(
    [...new Set([...statuses, ...ALWAYS])]
      .sort((a, b) => a - b)
      .map((status) => [String(status), ref(`responses/${ERRORS[status]?.name}`)]),
  )
/** The statuses of a write with a body: media type (415), payload (400) and `type` (409) on top of ALWAYS. */
const WRITE = [400, 409, 415]

// ---- success responses and bodies ------------------------------------------------------------------

function document(description: string, schema: string, example: unknown): Response {
  return {
    description,
    content: { [JSON_API]: { schema: schemaRef(schema), examples: { documented: { value: example } } } },
  }
}
const noContent: Response = { description: 'Done; no body.' }

function body(schema: JsonSchema, example: unknown): RequestBody {
  const media = { schema, examples: { documented: { value: example } } }
  return { required: true, content: { [JSON_API]: media, 'application/json': media } }
}

// ---- operations ------------------------------------------------------------------------------------

type Security = Record<string, string[]>[]
const READ: Security = [{ basic: [] }, { bearer: ['GROUPS'] }, { bearer: ['GROUPS_WRITE'] }]
const WRITE_SCOPE: Security = [{ basic: [] }, { bearer: ['GROUPS_WRITE'] }]
const ENTITIES: Security = [{ basic: [] }, { bearer: ['ENTITIES'] }, { bearer: ['ENTITIES_WRITE'] }]

const PAGE: Reference[] = [ref('parameters/PageLimit'), ref('parameters/PageAfter')]
const DATE_FILTERS: Parameter[] = (
  ['created_before', 'created_after', 'modified_before', 'modified_after'] as const
).map((name) => ({
  name: `filter[${name}]`,
  in: 'query',
  description: `\`YYYY-MM-DD\`, inclusive (${name.endsWith('before') ? 'on or before' : 'on or after'}); quotes around the date are tolerated (docs/addepar.md#filters).`,
  schema: { type: 'string', pattern: '^["\']?\\d{4}-\\d{2}-\\d{2}["\']?$' },
}))
const FILTER_IDS: Parameter = {
  name: 'filter[ids]',
  in: 'query',
  description: 'Comma-separated ids.',
  schema: { type: 'string', pattern: '^[0-9, ]*$' },
}

function operation(
  method: string,
  path: string,
  spec: Omit<Operation, 'responses' | 'parameters'> & {
    parameters?: (Parameter | Reference)[]
    success: Record<string, Response>
    errors: number[]
  },
): Operation {
  const { success, errors: statuses, parameters, ...rest } = spec
  return {
    ...rest,
    description: rest.description ?? `\`${method} ${path}\``,
    parameters: [ref('parameters/AddeparFirm'), ...(parameters ?? [])],
    responses: { ...success, ...errors(...statuses) },
  }
}

const id = (description: string): Reference => ({ ...ref('parameters/Id'), description })

function build(): OpenApiDocument {
  const responses = schemaRegistry()
  responses.add(groupResource, { id: 'Group' })
  responses.add(groupTypeResource, { id: 'GroupType' })
  responses.add(entityResource, { id: 'Entity' })
  responses.add(singleDocument(groupResource), { id: 'GroupDocument' })
  responses.add(arrayDocument(groupResource), { id: 'GroupArrayDocument' })
  responses.add(collectionDocument(groupResource), { id: 'GroupCollectionDocument' })
  responses.add(memberIdentifiersDocument, { id: 'MemberIdentifiersDocument' })
  responses.add(singleDocument(groupTypeResource), { id: 'GroupTypeDocument' })
  responses.add(collectionDocument(groupTypeResource), { id: 'GroupTypeCollectionDocument' })
  responses.add(singleDocument(entityResource), { id: 'EntityDocument' })
  responses.add(collectionDocument(entityResource), { id: 'EntityCollectionDocument' })
  responses.add(errorDocument, { id: 'ErrorDocument' })
  const requests = schemaRegistry()
  requests.add(createGroupBody, { id: 'CreateGroupBody' })
  requests.add(createGroupsBody, { id: 'CreateGroupsBody' })
  requests.add(updateGroupBody, { id: 'UpdateGroupBody' })
  requests.add(updateGroupsBody, { id: 'UpdateGroupsBody' })
  requests.add(deleteGroupBody, { id: 'DeleteGroupBody' })
  requests.add(deleteGroupsBody, { id: 'DeleteGroupsBody' })
  requests.add(groupSearchBody, { id: 'GroupSearchBody' })
  requests.add(membersBody, { id: 'MembersBody' })
  requests.add(childGroupsBody, { id: 'ChildGroupsBody' })
  requests.add(createGroupTypeBody, { id: 'CreateGroupTypeBody' })
  requests.add(updateGroupTypeBody, { id: 'UpdateGroupTypeBody' })

  const groupId = id('A group id.')
  const groupTypeKey = id('A group type key, e.g. `HH_GROUPS`.')
  const memberWrite = (verb: 'add' | 'replace' | 'remove', method: string): Operation =>
    operation(method, '/v1/groups/:id/relationships/members', {
      operationId: `${verb}GroupMembers`,
      summary: `${verb[0]?.toUpperCase()}${verb.slice(1)} members`,
      description:
        `${{ add: 'Adds', replace: 'Replaces', remove: 'Removes' }[verb]} member entities (docs/addepar.md#relationship-writes). Members must ` +
        `be entities the caller can see (400) of model type ${memberModelType.options.join(', ')} (400); ` +
        'duplicates collapse.',
      tags: ['Group relationships'],
      security: WRITE_SCOPE,
      parameters: [groupId],
      requestBody: body(schemaRef('MembersBody'), { data: [{ type: 'entities', id: '2000001' }] }),
      success: { '204': noContent },
      errors: [...WRITE, 404],
    })
  const childWrite = (verb: 'add' | 'replace' | 'remove', method: string): Operation =>
    operation(method, '/v1/groups/:id/relationships/child_groups', {
      operationId: `${verb}ChildGroups`,
      summary: `${verb[0]?.toUpperCase()}${verb.slice(1)} child groups`,
      description:
        `${{ add: 'Adds', replace: 'Replaces', remove: 'Removes' }[verb]} child groups (docs/addepar.md#relationship-writes): an unknown group ` +
        'is a 404, a group as its own child or any cycle a 409.',
      tags: ['Group relationships'],
      security: WRITE_SCOPE,
      parameters: [groupId],
      requestBody: body(schemaRef('ChildGroupsBody'), { data: [{ type: 'groups', id: '7' }] }),
      success: { '204': noContent },
      errors: [...WRITE, 404],
    })

  return {
    openapi: '3.1.0',
    info: {
      title: 'Addepar API (wealth-sandbox)',
      version: 'v1',
      license: { name: 'MIT', identifier: 'MIT' },
      description: DESCRIPTION,
    },
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    servers: [
      { url: ADDEPAR_ORIGIN, description: 'The documented firm origin, answered in-process or in the browser' },
      { url: 'http://127.0.0.1:4010/api', description: 'The local server (`npm start`); `/v1/...` works too' },
    ],
    tags: [
      {
        name: 'Groups',
        description: 'Groups with members, child groups and a group type (docs/addepar.md#group-resource to #query).',
      },
      {
        name: 'Group relationships',
        description: 'Members and child groups (docs/addepar.md#relationship-writes, #members).',
      },
      { name: 'Group types', description: 'Group types (docs/addepar.md#group-types).' },
      { name: 'Entities', description: 'The entities that can be members (docs/addepar.md#entities).' },
    ],
    paths: {
      '/v1/groups': {
        get: operation('GET', '/v1/groups', {
          operationId: 'listGroups',
          summary: 'List groups',
          description:
            'The groups the caller can see, in ascending id order, cursor-paginated (docs/addepar.md#pagination), filtered (docs/addepar.md#filters).',
          tags: ['Groups'],
          security: READ,
          parameters: [
            ...PAGE,
            ref('parameters/FieldsGroups'),
            {
              name: 'filter[group_types]',
              in: 'query',
              description: 'Comma-separated group type keys.',
              schema: { type: 'string' },
            },
            FILTER_IDS,
            ...DATE_FILTERS,
          ],
          success: {
            '200': document('A page of groups.', 'GroupCollectionDocument', {
              data: [EXAMPLE_GROUP],
              included: [],
              links: { next: '/v1/groups?page[limit]=1&page[after]=101' },
            }),
          },
          errors: [400],
        }),
        post: operation('POST', '/v1/groups', {
          operationId: 'createGroups',
          summary: 'Create one group or several',
          description:
            '`data` an object creates one group, an array several, all or nothing (docs/addepar.md#create-groups): ' +
            '`name` and `group_type` are required (400); an unknown group type is a 404; a member that does not ' +
            'exist, is inaccessible or has another model type is a 400; a wrong `type` is a 409; `created_at` or ' +
            '`modified_at` in the body is a 403; an attribute Addepar does not know is a 404.',
          tags: ['Groups'],
          security: WRITE_SCOPE,
          requestBody: body({ oneOf: [schemaRef('CreateGroupBody'), schemaRef('CreateGroupsBody')] }, EXAMPLE_CREATE),
          success: {
            '201': {
              description: 'The new group, or the new groups when `data` was an array.',
              content: {
                [JSON_API]: {
                  schema: { oneOf: [schemaRef('GroupDocument'), schemaRef('GroupArrayDocument')] },
                  examples: { documented: { value: { data: EXAMPLE_GROUP, included: [] } } },
                },
              },
            },
          },
          errors: [...WRITE, 404],
        }),
        patch: operation('PATCH', '/v1/groups', {
          operationId: 'updateGroups',
          summary: 'Update several groups',
          description:
            'Every item carries its `id`; given attributes are set and given relationships replace ' +
            '(docs/addepar.md#update-groups); all or nothing.',
          tags: ['Groups'],
          security: WRITE_SCOPE,
          requestBody: body(schemaRef('UpdateGroupsBody'), {
            data: [{ type: 'groups', id: '101', attributes: { name: 'Group 2b' } }],
          }),
          success: {
            '200': document('The updated groups.', 'GroupArrayDocument', {
              data: [{ ...EXAMPLE_GROUP, attributes: { ...EXAMPLE_GROUP.attributes, name: 'Group 2b' } }],
              included: [],
            }),
          },
          errors: [...WRITE, 404],
        }),
        delete: operation('DELETE', '/v1/groups', {
          operationId: 'deleteGroups',
          summary: 'Delete several groups',
          description: 'Any id the caller cannot see is a 404 and nothing is deleted (docs/addepar.md#delete-groups).',
          tags: ['Groups'],
          security: WRITE_SCOPE,
          requestBody: body(schemaRef('DeleteGroupsBody'), {
            data: [
              { type: 'groups', id: '1111' },
              { type: 'groups', id: '1112' },
            ],
          }),
          success: { '204': noContent },
          errors: [...WRITE, 404],
        }),
      },
      '/v1/groups/query': {
        post: operation('POST', '/v1/groups/query', {
          operationId: 'queryGroups',
          summary: 'Search groups',
          description:
            '`data.type` must be `group_search` (else 409); at least one of `display_names`, `group_types`, ' +
            '`external_ids` (else 400); criteria combine with AND; paginated like lists (docs/addepar.md#query).',
          tags: ['Groups'],
          security: READ,
          parameters: PAGE,
          requestBody: body(schemaRef('GroupSearchBody'), EXAMPLE_SEARCH),
          success: {
            '200': document('A page of matching groups.', 'GroupCollectionDocument', {
              data: [],
              included: [],
              links: { next: null },
            }),
          },
          errors: WRITE,
        }),
      },
      '/v1/groups/{id}': {
        get: operation('GET', '/v1/groups/:id', {
          operationId: 'getGroup',
          summary: 'Get a group',
          tags: ['Groups'],
          security: READ,
          parameters: [groupId, ref('parameters/FieldsGroups')],
          success: { '200': document('The group.', 'GroupDocument', { data: EXAMPLE_GROUP, included: [] }) },
          errors: [400, 404],
        }),
        patch: operation('PATCH', '/v1/groups/:id', {
          operationId: 'updateGroup',
          summary: 'Update a group',
          description:
            'A body id that is not the URL’s, or a `type` other than `groups`, is a 409 (docs/addepar.md#update-groups).',
          tags: ['Groups'],
          security: WRITE_SCOPE,
          parameters: [groupId],
          requestBody: body(schemaRef('UpdateGroupBody'), {
            data: { type: 'groups', id: '101', attributes: { name: 'Group 2b' } },
          }),
          success: {
            '200': document('The updated group.', 'GroupDocument', {
              data: { ...EXAMPLE_GROUP, attributes: { ...EXAMPLE_GROUP.attributes, name: 'Group 2b' } },
              included: [],
            }),
          },
          errors: [...WRITE, 404],
        }),
        delete: operation('DELETE', '/v1/groups/:id', {
          operationId: 'deleteGroup',
          summary: 'Delete a group',
          description:
            'The group leaves every parent’s `child_groups`; its own children stay (docs/addepar.md#delete-groups). ' +
            'The body is optional; when given, its id must be the URL’s (409).',
          tags: ['Groups'],
          security: WRITE_SCOPE,
          parameters: [groupId],
          requestBody: {
            ...body(schemaRef('DeleteGroupBody'), { data: { type: 'groups', id: '101' } }),
            required: false,
          },
          success: { '204': noContent },
          errors: [...WRITE, 404],
        }),
      },
      '/v1/groups/{id}/relationships/members': {
        get: operation('GET', '/v1/groups/:id/relationships/members', {
          operationId: 'getGroupMemberIdentifiers',
          summary: 'List member identifiers',
          tags: ['Group relationships'],
          security: READ,
          parameters: [groupId],
          success: {
            '200': document('The members as identifiers.', 'MemberIdentifiersDocument', {
              data: [{ type: 'entities', id: '2000001' }],
            }),
          },
          errors: [404],
        }),
        post: memberWrite('add', 'POST'),
        patch: memberWrite('replace', 'PATCH'),
        delete: memberWrite('remove', 'DELETE'),
      },
      '/v1/groups/{id}/relationships/child_groups': {
        post: childWrite('add', 'POST'),
        patch: childWrite('replace', 'PATCH'),
        delete: childWrite('remove', 'DELETE'),
      },
      '/v1/groups/{id}/members': {
        get: operation('GET', '/v1/groups/:id/members', {
          operationId: 'listGroupMembers',
          summary: 'List members',
          description: 'The member entities, in id order, cursor-paginated (docs/addepar.md#members).',
          tags: ['Group relationships'],
          security: READ,
          parameters: [groupId, ...PAGE, ref('parameters/FieldsEntities')],
          success: {
            '200': document('A page of member entities.', 'EntityCollectionDocument', {
              data: [EXAMPLE_ENTITY],
              included: [],
              links: { next: null },
            }),
          },
          errors: [400, 404],
        }),
      },
      '/v1/groups/{id}/child_groups': {
        get: operation('GET', '/v1/groups/:id/child_groups', {
          operationId: 'listChildGroups',
          summary: 'List child groups',
          description: 'The child groups the caller can see, in id order, cursor-paginated.',
          tags: ['Group relationships'],
          security: READ,
          parameters: [groupId, ...PAGE, ref('parameters/FieldsGroups')],
          success: {
            '200': document('A page of child groups.', 'GroupCollectionDocument', {
              data: [EXAMPLE_GROUP],
              included: [],
              links: { next: null },
            }),
          },
          errors: [400, 404],
        }),
      },
      '/v1/group_types': {
        get: operation('GET', '/v1/group_types', {
          operationId: 'listGroupTypes',
          summary: 'List group types',
          description: 'Every group type of the firm; not paginated (docs/addepar.md#group-types).',
          tags: ['Group types'],
          security: READ,
          parameters: [
            {
              name: 'is_permissioned_resource',
              in: 'query',
              description: 'Only the (non-)permissioned types.',
              schema: { type: 'boolean' },
            },
          ],
          success: {
            '200': document('The group types.', 'GroupTypeCollectionDocument', {
              data: [EXAMPLE_GROUP_TYPE],
              included: [],
              links: { next: null },
            }),
          },
          errors: [400],
        }),
        post: operation('POST', '/v1/group_types', {
          operationId: 'createGroupType',
          summary: 'Create a group type',
          description: 'A key the firm already has is a 409 (docs/addepar.md#group-types).',
          tags: ['Group types'],
          security: WRITE_SCOPE,
          requestBody: body(schemaRef('CreateGroupTypeBody'), {
            data: { type: 'group_types', attributes: EXAMPLE_GROUP_TYPE.attributes },
          }),
          success: {
            '201': document('The new group type.', 'GroupTypeDocument', { data: EXAMPLE_GROUP_TYPE, included: [] }),
          },
          errors: WRITE,
        }),
      },
      '/v1/group_types/{id}': {
        get: operation('GET', '/v1/group_types/:id', {
          operationId: 'getGroupType',
          summary: 'Get a group type',
          tags: ['Group types'],
          security: READ,
          parameters: [groupTypeKey],
          success: {
            '200': document('The group type.', 'GroupTypeDocument', { data: EXAMPLE_GROUP_TYPE, included: [] }),
          },
          errors: [400, 404],
        }),
        patch: operation('PATCH', '/v1/group_types/:id', {
          operationId: 'updateGroupType',
          summary: 'Rename a group type',
          description:
            'Only `display_name` changes; the others may be repeated unchanged (else 400). The built-in `GROUPS` ' +
            'cannot change (403).',
          tags: ['Group types'],
          security: WRITE_SCOPE,
          parameters: [groupTypeKey],
          requestBody: body(schemaRef('UpdateGroupTypeBody'), {
            data: { type: 'group_types', id: 'HH_GROUPS', attributes: { display_name: 'Households' } },
          }),
          success: {
            '200': document('The group type.', 'GroupTypeDocument', { data: EXAMPLE_GROUP_TYPE, included: [] }),
          },
          errors: [...WRITE, 404],
        }),
        delete: operation('DELETE', '/v1/group_types/:id', {
          operationId: 'deleteGroupType',
          summary: 'Delete a group type',
          description: 'Not the built-in `GROUPS` (403), nor a type groups still use (409).',
          tags: ['Group types'],
          security: WRITE_SCOPE,
          parameters: [groupTypeKey],
          success: { '204': noContent },
          errors: [400, 404, 409],
        }),
      },
      '/v1/entities': {
        get: operation('GET', '/v1/entities', {
          operationId: 'listEntities',
          summary: 'List entities',
          description: 'The entities the caller can see, in id order, cursor-paginated (docs/addepar.md#entities).',
          tags: ['Entities'],
          security: ENTITIES,
          parameters: [
            ...PAGE,
            ref('parameters/FieldsEntities'),
            {
              name: 'filter[model_types]',
              in: 'query',
              description: 'Comma-separated model types, any case (alias `filter[entity_types]`).',
              schema: { type: 'string' },
            },
            {
              name: 'filter[linking_status]',
              in: 'query',
              description:
                'Online accounts linked (`linked`) or not linked (`unlinked`) to an owner; another value, or together with `filter[model_types]`, is a 400 naming it (docs/addepar.md#entities).',
              schema: { type: 'string', enum: ['linked', 'unlinked'] },
            },
            FILTER_IDS,
            ...DATE_FILTERS,
          ],
          success: {
            '200': document('A page of entities.', 'EntityCollectionDocument', {
              data: [EXAMPLE_ENTITY],
              included: [],
              links: { next: '/v1/entities?page[limit]=1&page[after]=2000002' },
            }),
          },
          errors: [400],
        }),
      },
      '/v1/entities/{id}': {
        get: operation('GET', '/v1/entities/:id', {
          operationId: 'getEntity',
          summary: 'Get an entity',
          tags: ['Entities'],
          security: ENTITIES,
          parameters: [id('An entity id.'), ref('parameters/FieldsEntities')],
          success: { '200': document('The entity.', 'EntityDocument', { data: EXAMPLE_ENTITY, included: [] }) },
          errors: [400, 404],
        }),
      },
    },
    components: {
      schemas: { ...componentSchemas(responses, 'output'), ...componentSchemas(requests, 'input') },
      parameters: {
        AddeparFirm: {
          name: 'Addepar-Firm',
          in: 'header',
          required: true,
          description: 'The numeric firm id; missing or not the caller’s firm -> 401 (docs/addepar.md#firm-header).',
          schema: { type: 'string', pattern: '^[0-9]+$' },
          example: '123',
        },
        Id: { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
        PageLimit: {
          name: 'page[limit]',
          in: 'query',
          description: `Page size, 1..${MAX_PAGE_LIMIT} (docs/addepar.md#pagination); brackets may be percent-encoded.`,
          schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_LIMIT, default: DEFAULT_PAGE_LIMIT },
        },
        PageAfter: {
          name: 'page[after]',
          in: 'query',
          description: 'The id of the last item of the previous page, as in `links.next`.',
          schema: { type: 'string', pattern: '^[0-9]+$' },
        },
        FieldsGroups: {
          name: 'fields[groups]',
          in: 'query',
          description: 'Comma-separated attributes to return; `[]` for none (docs/addepar.md#filters).',
          schema: { type: 'string' },
        },
        FieldsEntities: {
          name: 'fields[entities]',
          in: 'query',
          description: 'Comma-separated attributes to return; `[]` for none.',
          schema: { type: 'string' },
        },
      },
      responses: Object.fromEntries(
        Object.entries(ERRORS).map(([status, spec]) => [spec.name, errorResponse(Number(status), spec)]),
      ),
      securitySchemes: {
        basic: {
          type: 'http',
          scheme: 'basic',
          description:
            'API key and secret of a user, acting with the user’s permissions: `manage_groups` to write groups ' +
            '(docs/addepar.md#manage-groups), portfolio access to see them (docs/addepar.md#portfolio-access).',
        },
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description:
            'An OAuth access token with scopes: `GROUPS` or `GROUPS_WRITE`, `ENTITIES` or `ENTITIES_WRITE` (docs/addepar.md#bearer-scopes).',
        },
      },
    },
    'x-unmatched-route': { '404': ref('responses/NotFound'), '405': ref('responses/MethodNotAllowed') },
    'x-local-server': { '413': ref('responses/ContentTooLarge') },
    'x-injected-fault': {
      default: {
        description:
          'A fault injected through the control API (`x-sandbox-fault: status=503`, `Prefer: code=503` or a ' +
          'fault rule) may answer any 4xx or 5xx status, always as a JSON:API error document; an injected 429 ' +
          'carries `X-RateLimit-Retry-After`.',
        headers: {
          'X-RateLimit-Retry-After': { required: false, schema: { type: 'string', pattern: '^[0-9]+$' } },
        },
        content: { [JSON_API]: { schema: schemaRef('ErrorDocument') } },
      },
    },
  }
}

const DESCRIPTION = `The part of Addepar's API that wealth-sandbox emulates: groups with members, child groups and group
types, and the entities that can be members, as JSON:API documents (\`application/vnd.api+json\`).

Every call sends \`Authorization\` (Basic key:secret, or Bearer) and \`Addepar-Firm\`. Request bodies are
\`application/vnd.api+json\` or \`application/json\` (else 415). Errors are \`{"errors":[{"status","title","detail"}]}\`
with \`status\` as a string. Links are relative \`/v1/...\` paths. A path under \`/v1\` that is not listed here is a
404, and a method other than GET, POST, PATCH and DELETE a 405.

Checks run in this order, and the first failure answers: credentials and \`Addepar-Firm\` (401); the firm's rate
limit (429, when the scenario sets one); scope or permission (403); query parameters (400); the body's media type
(415); a wrong JSON:API \`type\` (409); other body problems (400); then the route's own rules
(docs/addepar.md#order-of-checks).

References such as \`docs/addepar.md#order-of-checks\` point to wealth-sandbox's documentation (the \`docs/\` folder of
the project and of its npm package), which lists every rule, marked *Documented* (with Addepar's words) or *Sandbox
choice* (with the reason).`

let built: OpenApiDocument | undefined

/** The OpenAPI 3.1 document of the Addepar side of the sandbox: a fresh copy each call, servers replaced on request. */
export function addeparOpenApi(options: OpenApiOptions = {}): OpenApiDocument {
  built ??= build()
  const copy = structuredClone(built)
  if (options.servers) copy.servers = options.servers
  return copy
}
