import type { JsonSchema } from '../../contract/toJsonSchema.js'
import type { Operation, Parameter, Reference, RequestBody, Response } from '../../contract/types.js'
import type { HttpMethod } from '../../engine/Provider.js'

// What the route table writes its OpenAPI operations with: references to the document's components,
// the error responses, the documented examples. Apart from the document (./openapi.ts), which imports the
// route table, so that the routes can import these without an import circle.

export const JSON_API = 'application/vnd.api+json'
export const ref = (path: string): Reference => ({ $ref: `#/components/${path}` })
export const schemaRef = (id: string): JsonSchema => ({ $ref: `#/components/schemas/${id}` })

// ---- documented examples (Addepar's Groups page) ---------------------------------------------------

export const EXAMPLE_GROUP = {
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
export const EXAMPLE_GROUP_TYPE = {
  id: 'HH_GROUPS',
  type: 'group_types',
  attributes: { group_type_key: 'HH_GROUPS', display_name: 'Households', is_permissioned_resource: false },
  links: { self: '/v1/group_types/HH_GROUPS' },
}
export const EXAMPLE_ENTITY = {
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

// ---- errors (docs/addepar.md#errors) ----------------------------------------------------------------------

export interface ErrorSpec {
  name: string
  title: string
  description: string
  detail: string
  headers?: Response['headers']
}

export const ERRORS: Record<number, ErrorSpec> = {
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

/** Statuses every route can answer: credentials (401), scope or permission (403), rate limit, failures. */
const ALWAYS = [401, 403, 429, 500]
const errors = (...statuses: number[]): Record<string, Reference> =>
  Object.fromEntries(
    [...new Set([...statuses, ...ALWAYS])]
      .sort((a, b) => a - b)
      .map((status) => [String(status), ref(`responses/${ERRORS[status]?.name}`)]),
  )
/** The statuses of a write with a body: media type (415), payload (400) and `type` (409) on top of ALWAYS. */
export const WRITE = [400, 409, 415]

// ---- success responses and bodies ------------------------------------------------------------------

export function document(description: string, schema: string, example: unknown): Response {
  return {
    description,
    content: { [JSON_API]: { schema: schemaRef(schema), examples: { documented: { value: example } } } },
  }
}
export const noContent: Response = { description: 'Done; no body.' }

export function body(schema: JsonSchema, example: unknown): RequestBody {
  const media = { schema, examples: { documented: { value: example } } }
  return { required: true, content: { [JSON_API]: media, 'application/json': media } }
}

// ---- parameters ------------------------------------------------------------------------------------

export const PAGE: Reference[] = [ref('parameters/PageLimit'), ref('parameters/PageAfter')]
export const DATE_FILTERS: Parameter[] = (
  ['created_before', 'created_after', 'modified_before', 'modified_after'] as const
).map((name) => ({
  name: `filter[${name}]`,
  in: 'query',
  description: `\`YYYY-MM-DD\`, inclusive (${name.endsWith('before') ? 'on or before' : 'on or after'}); quotes around the date are tolerated (docs/addepar.md#filters).`,
  schema: { type: 'string', pattern: '^["\']?\\d{4}-\\d{2}-\\d{2}["\']?$' },
}))
export const FILTER_IDS: Parameter = {
  name: 'filter[ids]',
  in: 'query',
  description: 'Comma-separated ids.',
  schema: { type: 'string', pattern: '^[0-9, ]*$' },
}
export const id = (description: string): Reference => ({ ...ref('parameters/Id'), description })

// ---- operations ------------------------------------------------------------------------------------

/** An operation as a route writes it: its success responses and the statuses of its own errors. */
export type OperationSpec = Omit<Operation, 'responses' | 'parameters' | 'security'> & {
  parameters?: (Parameter | Reference)[]
  success: Record<string, Response>
  errors: number[]
}

/**
 * The OpenAPI operation of a route: the firm header, the errors every route answers, and its security,
 * Basic or any one of its Bearer `scopes` (docs/addepar.md#bearer-scopes).
 */
export function operation(method: HttpMethod, path: string, scopes: readonly string[], spec: OperationSpec): Operation {
  const { success, errors: statuses, parameters, ...rest } = spec
  return {
    ...rest,
    description: rest.description ?? `\`${method} ${path}\``,
    security: [{ basic: [] }, ...scopes.map((scope) => ({ bearer: [scope] }))],
    parameters: [ref('parameters/AddeparFirm'), ...(parameters ?? [])],
    responses: { ...success, ...errors(...statuses) },
  }
}
