import type { JsonSchema } from '../../contract/toJsonSchema.js'
import type { Operation, Parameter, Reference, RequestBody, Response } from '../../contract/types.js'

// What the route tables write their OpenAPI operations with: references to the document's components,
// the error responses, the documented examples. Apart from the document (./openapi.ts), which imports the
// route tables, so that the routes can import these without an import circle.

export const ref = (path: string): Reference => ({ $ref: `#/components/${path}` })
export const schemaRef = (id: string): JsonSchema => ({ $ref: `#/components/schemas/${id}` })

// ---- documented examples (Upvest's account-groups page and OpenAPI 1.9.0) ---------------------------

export const EXAMPLE_ACCOUNT_GROUP = {
  id: '9d95820d-4333-46b6-98de-04ab7512e76f',
  created_at: '2020-08-24T14:15:22Z',
  updated_at: '2020-08-24T14:15:22Z',
  type: 'PERSONAL',
  status: 'ACTIVE',
  users: [{ id: '413715f2-5401-4b97-8055-034a6b879f8c', type: 'OWNER' }],
  securities_account_number: '123456789',
}
export const EXAMPLE_USER = {
  id: '83d83ec2-d2ca-49ff-bbea-b92b5c3be202',
  created_at: '2021-07-21T14:10:00Z',
  updated_at: '2021-07-21T14:10:00Z',
  first_name: 'Karl',
  last_name: 'Schmidt',
  birth_date: '1972-09-30',
  nationalities: ['DE'],
  email: 'karl.schmidt@example.com',
  address: { address_line1: 'Rosenweg 221', postcode: '45678', city: 'Berlin', country: 'DE' },
  status: 'ACTIVE',
}
export const EXAMPLE_WEBHOOK = {
  id: 'a8eb3540-5a84-40f9-b2bb-7f99f282fc5a',
  created_at: '2021-07-21T14:10:00Z',
  updated_at: '2021-07-21T14:10:00Z',
  title: 'Account groups',
  url: 'http://127.0.0.1:9000/hooks',
  enabled: true,
  type: ['ACCOUNT_GROUP'],
  config: { delay: '5s', max_package_size: 10240 },
}
export const listExample = (item: object, sort = 'created_at') => ({
  meta: { offset: 0, limit: 100, count: 1, total_count: 1, sort, order: 'ASC' },
  data: [item],
})
export const REQUEST_ID = '169ae4c7-ebd7-4041-94da-25369653eba7'

// ---- errors (docs/upvest.md#request-id, #error-body, #error-types) -----------------------------------

export interface ProblemSpec {
  name: string
  description: string
  /** The last segments of the `type` URLs this status uses (docs/upvest.md#error-types). */
  types: string[]
  title: string
  detail: string
  instance?: string
}

export const PROBLEMS: Record<number, ProblemSpec> = {
  400: {
    name: 'BadRequest',
    description:
      'Bad Request: an unsupported `upvest-api-version`, a missing `upvest-client-id` ("Missing Client ID"), ' +
      'a missing or malformed `idempotency-key` on a POST ("Missing idempotency key"), or an invalid ' +
      'parameter or body; `detail` names the field.',
    types: ['bad_request', 'missing_idempotency_key'],
    title: 'Missing Client ID',
    detail: 'upvest-client-id: header is required',
  },
  401: {
    name: 'Unauthorised',
    description:
      'Unauthorised: the bearer token is missing, malformed, unknown, expired or issued to another client; ' +
      'the client credentials are wrong; or, with signature checks on, the signature is incorrect.',
    types: ['unauthorised'],
    title: 'Unauthorised',
    detail: 'Signature is incorrect',
  },
  403: {
    name: 'Forbidden',
    description: 'Forbidden: the token lacks the scope the operation needs, or the client may not hold a scope.',
    types: ['forbidden'],
    title: 'Forbidden',
    detail: 'The access token lacks the scope: requires accounts:read or accounts:admin',
  },
  404: {
    name: 'NotFound',
    description: 'Not Found: no such resource for this client (tenant), or no such route.',
    types: ['not_found'],
    title: 'Not Found',
    detail: 'Account group 00000000-0000-4000-8000-000000000000 does not exist',
    instance: '/account_groups/00000000-0000-4000-8000-000000000000',
  },
  406: {
    name: 'NotAcceptable',
    description:
      'Not Acceptable: the `accept` header rules out both `application/json` and `application/problem+json`.',
    types: ['not_acceptable'],
    title: 'Not Acceptable',
    detail: 'accept: "text/html" allows neither application/json nor application/problem+json, the media types served',
  },
  409: {
    name: 'Conflict',
    description: 'Conflict: the operation is not available in the resource’s current state.',
    types: ['conflict'],
    title: 'Conflict',
    detail: 'Account group 9d95820d-4333-46b6-98de-04ab7512e76f is CLOSED: closure is not available in this state',
  },
  422: {
    name: 'UnprocessableEntity',
    description:
      'Unprocessable Entity: the `idempotency-key` was already used for a different request (docs/upvest.md#idempotency-key-reuse).',
    types: ['unprocessable_entity'],
    title: 'Unprocessable Entity',
    detail: 'idempotency-key: already used for a different request',
  },
  429: {
    name: 'TooManyRequests',
    description:
      'Too many requests for this `upvest-client-id` (when the scenario gives the client a rate limit). ' +
      'No rate-limit or Retry-After header is sent, as on Upvest: back off exponentially.',
    types: ['too_many_requests'],
    title: 'Too Many Requests',
    detail: 'Too many requests: at most 100 per 1m for this client',
  },
  413: {
    name: 'ContentTooLarge',
    description: 'The local server refuses a request body over 5 MB before any route sees it.',
    types: ['content_too_large'],
    title: 'Content Too Large',
    detail: 'Request body exceeds the 5 MB limit',
  },
  500: {
    name: 'InternalServerError',
    description: 'An unexpected failure inside the sandbox, still answered as problem details.',
    types: ['internal_server_error'],
    title: 'Internal Server Error',
    detail: 'Unexpected error',
  },
}

export const errors = (...statuses: number[]): Record<string, Reference> =>
  Object.fromEntries(statuses.map((status) => [String(status), ref(`responses/${PROBLEMS[status]?.name}`)]))

/** The statuses of the gatekeeping chain (docs/upvest.md#gatekeeping), the rate limit and unexpected failures. */
export const GATE = [400, 401, 403, 406, 429, 500] as const

// ---- success responses and request bodies ------------------------------------------------------------

export function json(description: string, schema: string, example: unknown): Response {
  return {
    description,
    headers: { 'upvest-request-id': ref('headers/UpvestRequestId') },
    content: { 'application/json': { schema: schemaRef(schema), examples: { documented: { value: example } } } },
  }
}

export function empty(description: string): Response {
  return { description, headers: { 'upvest-request-id': ref('headers/UpvestRequestId') } }
}

export function jsonBody(schema: string, example: unknown, required = true): RequestBody {
  return {
    required,
    content: { 'application/json': { schema: schemaRef(schema), examples: { documented: { value: example } } } },
  }
}

// ---- parameters ------------------------------------------------------------------------------------

export const ACCOUNT_GROUP_ID = ref('parameters/AccountGroupId')
export const USER_ID = ref('parameters/UserId')
export const WEBHOOK_ID = ref('parameters/WebhookId')
export const IDEMPOTENCY_KEY = ref('parameters/IdempotencyKey')
export const LIST_PARAMETERS: Reference[] = [ref('parameters/Order'), ref('parameters/Offset'), ref('parameters/Limit')]

export const sortParameter = (values: readonly string[]): Parameter => ({
  name: 'sort',
  in: 'query',
  description: `Sort field; ties are broken by \`id\` (docs/upvest.md#lists). One of ${values.map((v) => `\`${v}\``).join(', ')}.`,
  schema: { type: 'string', enum: [...values], default: 'created_at' },
})

const SECURED_HEADERS: Reference[] = [
  ref('parameters/UpvestClientId'),
  ref('parameters/UpvestApiVersion'),
  ref('parameters/Signature'),
  ref('parameters/SignatureInput'),
]

/** An operation behind the gatekeeping chain: its headers, and any one of `scopes` suffices (docs/upvest.md#scopes). */
export function secured(scopes: readonly string[], operation: Omit<Operation, 'security'>): Operation {
  return {
    ...operation,
    parameters: [...SECURED_HEADERS, ...(operation.parameters ?? [])],
    security: scopes.map((name) => ({ upvest: [name] })),
  }
}
