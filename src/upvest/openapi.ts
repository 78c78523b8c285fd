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
import { accountGroupStatus, accountGroupType, accountGroupUserType, closureReason } from '../store/schemas.js'
import { closureRequest } from './closeAccountGroup.js'
import { createAccountGroupRequest } from './createAccountGroup.js'
import { tokenRequest } from './issueToken.js'
import {
  accountGroup,
  accountGroupEvent,
  accountGroupList,
  problemDetails,
  tokenResponse,
  user,
  userList,
  verificationKeys,
  webhook,
  webhookCreateRequest,
  webhookDelivery,
  webhookList,
  webhookTestEvent,
  webhookType,
  webhookUpdateRequest,
} from './resources.js'

// The sandbox's own OpenAPI 3.1 document of the Upvest Investment API it serves: every route, every status
// it can answer, its headers and bodies. Resource schemas are generated from the zod schemas the handlers
// use (./resources.ts); the rules they describe are in docs/upvest.md, shapes and enums agree with Upvest's
// OpenAPI 1.9.0 (vendor/upvest-openapi-1.9.0). Written for this project, not copied from Upvest's document.

export const UPVEST_ORIGIN = 'https://sandbox.upvest.co'

const ref = (path: string): Reference => ({ $ref: `#/components/${path}` })
const schemaRef = (id: string): JsonSchema => ({ $ref: `#/components/schemas/${id}` })

// ---- documented examples (Upvest's account-groups page and OpenAPI 1.9.0) ---------------------------

const EXAMPLE_ACCOUNT_GROUP = {
  id: '9d95820d-4333-46b6-98de-04ab7512e76f',
  created_at: '2020-08-24T14:15:22Z',
  updated_at: '2020-08-24T14:15:22Z',
  type: 'PERSONAL',
  status: 'ACTIVE',
  users: [{ id: '413715f2-5401-4b97-8055-034a6b879f8c', type: 'OWNER' }],
  securities_account_number: '123456789',
}
const EXAMPLE_USER = {
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
const EXAMPLE_WEBHOOK = {
  id: 'a8eb3540-5a84-40f9-b2bb-7f99f282fc5a',
  created_at: '2021-07-21T14:10:00Z',
  updated_at: '2021-07-21T14:10:00Z',
  title: 'Account groups',
  url: 'http://127.0.0.1:9000/hooks',
  enabled: true,
  type: ['ACCOUNT_GROUP'],
  config: { delay: '5s', max_package_size: 10240 },
}
const EXAMPLE_EVENT = {
  id: '72da9e41-9926-419f-976e-4c8069a04249',
  created_at: '2021-07-21T14:10:00Z',
  type: 'ACCOUNT_GROUP.CREATED',
  object: EXAMPLE_ACCOUNT_GROUP,
  webhook_id: '9df39835-be87-4243-9018-f2500b39cee6',
}
const listExample = (item: object, sort = 'created_at') => ({
  meta: { offset: 0, limit: 100, count: 1, total_count: 1, sort, order: 'ASC' },
  data: [item],
})
const REQUEST_ID = '169ae4c7-ebd7-4041-94da-25369653eba7'

// ---- errors (docs/upvest.md#request-id, #error-body, #error-types) -----------------------------------

interface ProblemSpec {
  name: string
  description: string
  /** The last segments of the `type` URLs this status uses (docs/upvest.md#error-types). */
  types: string[]
  title: string
  detail: string
  instance?: string
}

const PROBLEMS: Record<number, ProblemSpec> = {
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

function problemResponse(status: number, spec: ProblemSpec): Response {
  return {
    description: spec.description,
    headers: { 'upvest-request-id': ref('headers/UpvestRequestId') },
    content: {
      'application/problem+json': {
        schema: {
          allOf: [
            schemaRef('ProblemDetails'),
            {
              type: 'object',
              properties: {
                status: { const: status },
                type: { enum: spec.types.map((slug) => `https://docs.upvest.co/errors/${slug}`) },
              },
            },
          ],
        },
        examples: {
          documented: {
            value: {
              type: `https://docs.upvest.co/errors/${spec.types[0]}`,
              status,
              title: spec.title,
              detail: spec.detail,
              instance: spec.instance ?? '/account_groups',
              request_id: REQUEST_ID,
            },
          },
        },
      },
    },
  }
}

const errors = (...statuses: number[]): Record<string, Reference> =>
  Object.fromEntries(statuses.map((status) => [String(status), ref(`responses/${PROBLEMS[status]?.name}`)]))

/** The statuses of the gatekeeping chain (docs/upvest.md#gatekeeping), the rate limit and unexpected failures. */
const GATE = [400, 401, 403, 406, 429, 500] as const

// ---- success responses ---------------------------------------------------------------------------

function json(description: string, schema: string, example: unknown): Response {
  return {
    description,
    headers: { 'upvest-request-id': ref('headers/UpvestRequestId') },
    content: { 'application/json': { schema: schemaRef(schema), examples: { documented: { value: example } } } },
  }
}

function empty(description: string): Response {
  return { description, headers: { 'upvest-request-id': ref('headers/UpvestRequestId') } }
}

function jsonBody(schema: string, example: unknown, required = true): RequestBody {
  return {
    required,
    content: { 'application/json': { schema: schemaRef(schema), examples: { documented: { value: example } } } },
  }
}

// ---- operations ------------------------------------------------------------------------------------

const SECURED_HEADERS: Reference[] = [
  ref('parameters/UpvestClientId'),
  ref('parameters/UpvestApiVersion'),
  ref('parameters/Signature'),
  ref('parameters/SignatureInput'),
]
const LIST_PARAMETERS: Reference[] = [ref('parameters/Order'), ref('parameters/Offset'), ref('parameters/Limit')]

const sortParameter = (values: readonly string[]): Parameter => ({
  name: 'sort',
  in: 'query',
  description: `Sort field; ties are broken by \`id\` (docs/upvest.md#lists). One of ${values.map((v) => `\`${v}\``).join(', ')}.`,
  schema: { type: 'string', enum: [...values], default: 'created_at' },
})

/** Either scope suffices (docs/upvest.md#scopes). */
const scopes = (...names: string[]) => names.map((name) => ({ upvest: [name] }))

function secured(operation: Omit<Operation, 'security'> & { scopes: string[] }): Operation {
  const { scopes: names, ...rest } = operation
  return {
    ...rest,
    parameters: [...SECURED_HEADERS, ...(rest.parameters ?? [])],
    security: scopes(...names),
  }
}

function build(): OpenApiDocument {
  const responses = schemaRegistry()
  responses.add(accountGroupType, { id: 'AccountGroupType' })
  responses.add(accountGroupStatus, { id: 'AccountGroupStatus' })
  responses.add(accountGroupUserType, { id: 'AccountGroupUserType' })
  responses.add(accountGroup, { id: 'AccountGroup' })
  responses.add(accountGroupList, { id: 'AccountGroupList' })
  responses.add(user, { id: 'User' })
  responses.add(userList, { id: 'UserList' })
  responses.add(tokenResponse, { id: 'TokenResponse' })
  responses.add(verificationKeys, { id: 'VerificationKeys' })
  responses.add(webhookType, { id: 'WebhookType' })
  responses.add(webhook, { id: 'Webhook' })
  responses.add(webhookList, { id: 'WebhookList' })
  responses.add(accountGroupEvent, { id: 'AccountGroupEvent' })
  responses.add(webhookTestEvent, { id: 'WebhookTestEvent' })
  responses.add(webhookDelivery, { id: 'WebhookDelivery' })
  responses.add(problemDetails, { id: 'ProblemDetails' })
  const requests = schemaRegistry()
  requests.add(tokenRequest, { id: 'TokenRequest' })
  requests.add(createAccountGroupRequest, { id: 'CreateAccountGroupRequest' })
  requests.add(closureRequest, { id: 'ClosureRequest' })
  requests.add(webhookCreateRequest, { id: 'WebhookCreateRequest' })
  requests.add(webhookUpdateRequest, { id: 'WebhookUpdateRequest' })

  const accountGroupId = ref('parameters/AccountGroupId')
  const userId = ref('parameters/UserId')
  const webhookId = ref('parameters/WebhookId')
  const idempotencyKey = ref('parameters/IdempotencyKey')

  return {
    openapi: '3.1.0',
    info: {
      title: 'Upvest Investment API (wealth-sandbox)',
      version: '1',
      license: { name: 'MIT', identifier: 'MIT' },
      description: DESCRIPTION,
    },
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    servers: [
      { url: UPVEST_ORIGIN, description: 'The real sandbox origin, answered in-process or in the browser' },
      { url: 'http://127.0.0.1:4010', description: 'The local server (`npm start`)' },
    ],
    tags: [
      {
        name: 'Access Tokens',
        description:
          'OAuth 2 client credentials (docs/upvest.md#tokens) and the webhook verification keys (docs/upvest.md#verify-keys).',
      },
      { name: 'Users', description: 'The minimal TOL users (docs/upvest.md#users).' },
      {
        name: 'Account Groups',
        description: 'Account groups and their lifecycle (docs/upvest.md#create-account-group to #lock).',
      },
      {
        name: 'Webhooks',
        description: 'Webhook subscriptions and deliveries (docs/upvest.md#webhook-subscriptions, docs/webhooks.md).',
      },
    ],
    paths: {
      '/auth/token': {
        post: {
          operationId: 'issue_token',
          summary: 'Get an access token for requested scopes',
          description:
            'Client credentials for a bearer token (docs/upvest.md#tokens). Counts against the client’s rate limit. ' +
            'Wrong credentials, or an `upvest-client-id` naming another client, are a 401; a scope the client may not ' +
            'hold is a 403; a `grant_type` other than `client_credentials` is a 400.',
          tags: ['Access Tokens'],
          security: [],
          parameters: [ref('parameters/UpvestClientId'), ref('parameters/UpvestApiVersion')],
          requestBody: {
            required: true,
            content: {
              'application/x-www-form-urlencoded': {
                schema: schemaRef('TokenRequest'),
                examples: {
                  documented: {
                    value: {
                      client_id: '2f5a3c1e-8b4d-4e6f-9a7b-1c2d3e4f5a6b',
                      client_secret: 'sandbox-secret-acme-full',
                      grant_type: 'client_credentials',
                      scope: 'accounts:read accounts:admin',
                    },
                  },
                },
              },
            },
          },
          responses: {
            '200': json('The access token.', 'TokenResponse', {
              access_token: 'token.signature',
              expires_in: 3600,
              token_type: 'bearer',
              scope: 'accounts:read accounts:admin',
            }),
            ...errors(400, 401, 403, 406, 429, 500),
          },
        },
      },
      '/auth/verify_keys': {
        get: {
          operationId: 'get_jwks',
          summary: 'Get the webhook signing keys',
          description:
            'The public keys (JWKS, EC P-521) that verify webhook signatures (docs/upvest.md#verify-keys). Outside ' +
            'the gatekeeping chain: the sandbox asks for no token here (Upvest’s documents list `webhooks:read`, 401 ' +
            'and 403). A caller that names its `upvest-client-id` counts against that client’s rate limit.',
          tags: ['Access Tokens'],
          security: [],
          parameters: [
            { ...(ref('parameters/UpvestClientId') as Reference), description: 'Optional here.' },
            ref('parameters/UpvestApiVersion'),
          ],
          responses: {
            '200': json('The verification keys.', 'VerificationKeys', {
              keys: [
                {
                  kid: '9ed77463-c18e-4794-ab5c-17423f9b801a',
                  kty: 'EC',
                  crv: 'P-521',
                  x: 'AcYAf5Ou...',
                  y: 'ALkrId77...',
                },
              ],
            }),
            ...errors(400, 406, 429, 500),
          },
        },
      },
      '/users': {
        get: secured({
          operationId: 'list_users',
          summary: 'List users',
          description: 'The client’s users, offset-paginated (docs/upvest.md#lists, #users).',
          tags: ['Users'],
          scopes: ['users:read', 'users:admin'],
          parameters: [sortParameter(['created_at']), ...LIST_PARAMETERS],
          responses: {
            '200': json('A page of users.', 'UserList', listExample(EXAMPLE_USER)),
            ...errors(...GATE),
          },
        }),
      },
      '/users/{user_id}': {
        get: secured({
          operationId: 'retrieve_user',
          summary: 'Retrieve a user',
          description: 'One of the client’s users (docs/upvest.md#users); a user of another client is a 404.',
          tags: ['Users'],
          scopes: ['users:read', 'users:admin'],
          parameters: [userId],
          responses: { '200': json('The user.', 'User', EXAMPLE_USER), ...errors(...GATE, 404) },
        }),
      },
      '/users/{user_id}/account_groups': {
        get: secured({
          operationId: 'list_user_account_groups',
          summary: 'List a user’s account groups',
          description: 'The account groups of one of the client’s users, offset-paginated (docs/upvest.md#lists).',
          tags: ['Account Groups'],
          scopes: ['accounts:read', 'accounts:admin'],
          parameters: [userId, sortParameter(['created_at', 'updated_at']), ...LIST_PARAMETERS],
          responses: {
            '200': json('A page of account groups.', 'AccountGroupList', listExample(EXAMPLE_ACCOUNT_GROUP)),
            ...errors(...GATE, 404),
          },
        }),
      },
      '/account_groups': {
        get: secured({
          operationId: 'list_account_groups',
          summary: 'List account groups',
          description: 'The client’s account groups, offset-paginated (docs/upvest.md#lists).',
          tags: ['Account Groups'],
          scopes: ['accounts:read', 'accounts:admin'],
          parameters: [sortParameter(['created_at', 'updated_at']), ...LIST_PARAMETERS],
          responses: {
            '200': json('A page of account groups.', 'AccountGroupList', listExample(EXAMPLE_ACCOUNT_GROUP)),
            ...errors(...GATE),
          },
        }),
        post: secured({
          operationId: 'create_account_group',
          summary: 'Create an account group',
          description:
            'Opens an account group for one of the client’s users (docs/upvest.md#create-account-group, ' +
            '#new-account-group): `ACTIVE` at once (or `PENDING_APPROVAL` under the scenario option `approval: ' +
            '"manual"`), owned by the user, with a new securities account number; emits `ACCOUNT_GROUP.CREATED`. A ' +
            'second PERSONAL or FRENCH_PEA group for the same user is a 409; an unknown user a 404. Idempotent: the ' +
            'same `idempotency-key` and body within 24 hours replays the stored response ' +
            '(docs/upvest.md#idempotent-replay); the same key with another body is a 422 ' +
            '(docs/upvest.md#idempotency-key-reuse).',
          tags: ['Account Groups'],
          scopes: ['accounts:admin'],
          parameters: [idempotencyKey],
          requestBody: jsonBody('CreateAccountGroupRequest', {
            user_id: '413715f2-5401-4b97-8055-034a6b879f8c',
            type: 'PERSONAL',
          }),
          responses: {
            '200': json('The new account group.', 'AccountGroup', EXAMPLE_ACCOUNT_GROUP),
            ...errors(...GATE, 404, 409, 422),
          },
        }),
      },
      '/account_groups/{account_group_id}': {
        get: secured({
          operationId: 'retrieve_account_group',
          summary: 'Retrieve an account group',
          description: 'One of the client’s account groups, closed ones included (docs/upvest.md#get-account-group).',
          tags: ['Account Groups'],
          scopes: ['accounts:read', 'accounts:admin'],
          parameters: [accountGroupId],
          responses: {
            '200': json('The account group.', 'AccountGroup', EXAMPLE_ACCOUNT_GROUP),
            ...errors(...GATE, 404),
          },
        }),
        delete: secured({
          operationId: 'account_group_closure',
          summary: 'Close an account group',
          description:
            'Starts the closure (docs/upvest.md#closure-request, #closure): the group turns `CLOSING` at once ' +
            '(`ACCOUNT_GROUP.CLOSING_INITIATED`) and `CLOSED` after the scenario’s `closureDelay` ' +
            '(`ACCOUNT_GROUP.CLOSED`). With `notification_only=true` only the reason is recorded. A group that is ' +
            'CLOSING, CLOSED or LOCKED is a 409. The parameters may also come as a JSON body; the query wins.',
          tags: ['Account Groups'],
          scopes: ['accounts:admin'],
          parameters: [accountGroupId, ref('parameters/ClosureReason'), ref('parameters/NotificationOnly')],
          requestBody: jsonBody('ClosureRequest', { closure_reason: 'user_initiated' }, false),
          responses: { '202': empty('The closure has started; no body.'), ...errors(...GATE, 404, 409) },
        }),
      },
      '/webhooks': {
        get: secured({
          operationId: 'list_webhooks',
          summary: 'List webhook subscriptions',
          description: 'The client’s webhook subscriptions, offset-paginated (docs/upvest.md#webhook-subscriptions).',
          tags: ['Webhooks'],
          scopes: ['webhooks:read', 'webhooks:admin'],
          parameters: [sortParameter(['created_at', 'updated_at', 'title', 'url', 'enabled']), ...LIST_PARAMETERS],
          responses: {
            '200': json('A page of webhook subscriptions.', 'WebhookList', listExample(EXAMPLE_WEBHOOK)),
            ...errors(...GATE),
          },
        }),
        post: secured({
          operationId: 'create_webhook',
          summary: 'Create a webhook subscription',
          description:
            'Subscribes a URL to event categories (docs/upvest.md#webhook-subscriptions); `http://` and loopback URLs ' +
            'are allowed (docs/upvest.md#webhook-urls). New subscriptions are enabled; `type` defaults to `["ALL"]`. ' +
            'Idempotent like account-group creation: a replayed `idempotency-key` answers the stored response, reused ' +
            'with another body a 422.',
          tags: ['Webhooks'],
          scopes: ['webhooks:admin'],
          parameters: [idempotencyKey],
          requestBody: jsonBody('WebhookCreateRequest', {
            title: 'Account groups',
            url: 'http://127.0.0.1:9000/hooks',
            type: ['ACCOUNT_GROUP'],
            config: { delay: '5s', max_package_size: 10240 },
          }),
          responses: {
            '201': json('The new subscription.', 'Webhook', EXAMPLE_WEBHOOK),
            ...errors(...GATE, 422),
          },
        }),
      },
      '/webhooks/{webhook_id}': {
        get: secured({
          operationId: 'retrieve_webhook',
          summary: 'Retrieve a webhook subscription',
          tags: ['Webhooks'],
          scopes: ['webhooks:read', 'webhooks:admin'],
          parameters: [webhookId],
          responses: { '200': json('The subscription.', 'Webhook', EXAMPLE_WEBHOOK), ...errors(...GATE, 404) },
        }),
        patch: secured({
          operationId: 'update_webhook',
          summary: 'Update a webhook subscription',
          description: 'Changes any of `title`, `url`, `enabled`, `type` and `config`.',
          tags: ['Webhooks'],
          scopes: ['webhooks:admin'],
          parameters: [webhookId],
          requestBody: jsonBody('WebhookUpdateRequest', { enabled: false }),
          responses: {
            '200': json('The updated subscription.', 'Webhook', { ...EXAMPLE_WEBHOOK, enabled: false }),
            ...errors(...GATE, 404),
          },
        }),
        delete: secured({
          operationId: 'delete_webhook',
          summary: 'Delete a webhook subscription',
          tags: ['Webhooks'],
          scopes: ['webhooks:admin'],
          parameters: [webhookId],
          responses: { '204': empty('Deleted; no body.'), ...errors(...GATE, 404) },
        }),
      },
      '/webhooks/{webhook_id}/test': {
        post: secured({
          operationId: 'test_webhook',
          summary: 'Test a webhook subscription',
          description: 'Sends a test delivery to the subscription’s URL (docs/upvest.md#webhook-subscriptions).',
          tags: ['Webhooks'],
          scopes: ['webhooks:admin'],
          parameters: [webhookId, idempotencyKey],
          responses: { '202': empty('The test delivery is on its way; no body.'), ...errors(...GATE, 404) },
        }),
      },
    },
    webhooks: {
      accountGroupEvents: {
        post: {
          operationId: 'account_group_event_delivery',
          summary: 'Account-group events delivered to a subscription',
          description:
            'One POST per batch to the subscription’s `url`, events sorted by `created_at` ' +
            '(docs/webhooks.md#delivery), signed with HTTP message signatures verifiable with the keys of `GET ' +
            '/auth/verify_keys`. Any 2xx acknowledges the batch; otherwise it is retried after 1, 2, 3, 5, 8, 13 ... ' +
            's, capped at 600 s.',
          tags: ['Webhooks'],
          parameters: [
            { name: 'signature', in: 'header', required: true, schema: { type: 'string' } },
            { name: 'signature-input', in: 'header', required: true, schema: { type: 'string' } },
          ],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: schemaRef('WebhookDelivery'),
                examples: { documented: { value: { payload: [EXAMPLE_EVENT] } } },
              },
            },
          },
          responses: { '2XX': { description: 'The batch is delivered.' } },
        },
      },
    },
    components: {
      schemas: { ...componentSchemas(responses, 'output'), ...componentSchemas(requests, 'input') },
      headers: {
        UpvestRequestId: {
          description: 'Identifies the exchange; problem bodies repeat it as `request_id` (docs/upvest.md#request-id).',
          required: true,
          schema: { type: 'string', format: 'uuid' },
          example: REQUEST_ID,
        },
      },
      parameters: {
        UpvestClientId: {
          name: 'upvest-client-id',
          in: 'header',
          required: true,
          description: 'The tenant’s client id; missing -> 400 "Missing Client ID" (docs/upvest.md#client-id).',
          schema: { type: 'string', format: 'uuid' },
          example: '2f5a3c1e-8b4d-4e6f-9a7b-1c2d3e4f5a6b',
        },
        UpvestApiVersion: {
          name: 'upvest-api-version',
          in: 'header',
          description: 'Optional; any value but `1` -> 400 (docs/upvest.md#api-version).',
          schema: { type: 'string', enum: ['1'], default: '1' },
        },
        Signature: {
          name: 'signature',
          in: 'header',
          description:
            'HTTP message signature (v15). Checked only when the scenario turns signature checks on ' +
            '(`--verify-signatures`); then a bad or missing one is a 401 "Signature is incorrect" ' +
            '(docs/upvest.md#signatures).',
          schema: { type: 'string' },
        },
        SignatureInput: {
          name: 'signature-input',
          in: 'header',
          description: 'The components and parameters of `signature`.',
          schema: { type: 'string' },
        },
        IdempotencyKey: {
          name: 'idempotency-key',
          in: 'header',
          required: true,
          description:
            'A random uuid; required on every POST of the chain (docs/upvest.md#idempotency-key, #idempotent-replay).',
          schema: {
            type: 'string',
            pattern: '^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-5][0-9a-fA-F]{3}-?[089abAB][0-9a-fA-F]{3}-?[0-9a-fA-F]{12}$',
          },
          example: 'ccb07f42-4104-44ad-8e1f-c660bb7b269c',
        },
        Limit: {
          name: 'limit',
          in: 'query',
          description: 'Page size (docs/upvest.md#lists).',
          schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
        },
        Offset: {
          name: 'offset',
          in: 'query',
          description: 'Items to skip (docs/upvest.md#lists).',
          schema: { type: 'integer', minimum: 0, default: 0 },
        },
        Order: {
          name: 'order',
          in: 'query',
          schema: { type: 'string', enum: ['ASC', 'DESC'], default: 'ASC' },
        },
        UserId: {
          name: 'user_id',
          in: 'path',
          required: true,
          schema: { type: 'string', format: 'uuid' },
          example: '413715f2-5401-4b97-8055-034a6b879f8c',
        },
        AccountGroupId: {
          name: 'account_group_id',
          in: 'path',
          required: true,
          schema: { type: 'string', format: 'uuid' },
          example: '9d95820d-4333-46b6-98de-04ab7512e76f',
        },
        WebhookId: {
          name: 'webhook_id',
          in: 'path',
          required: true,
          schema: { type: 'string', format: 'uuid' },
          example: 'a8eb3540-5a84-40f9-b2bb-7f99f282fc5a',
        },
        ClosureReason: {
          name: 'closure_reason',
          in: 'query',
          description: 'Why the group is closed (docs 1.75.0, docs/upvest.md#closure-request).',
          schema: { type: 'string', enum: [...closureReason.options] },
        },
        NotificationOnly: {
          name: 'notification_only',
          in: 'query',
          description: '`true`: record the reason only, change nothing else (docs/upvest.md#closure).',
          schema: { type: 'boolean', default: false },
        },
      },
      responses: Object.fromEntries(
        Object.entries(PROBLEMS).map(([status, spec]) => [spec.name, problemResponse(Number(status), spec)]),
      ),
      securitySchemes: {
        upvest: {
          type: 'oauth2',
          description: 'OAuth 2 client credentials: `POST /auth/token`, then `authorization: Bearer <token>`.',
          flows: {
            clientCredentials: {
              tokenUrl: `${UPVEST_ORIGIN}/auth/token`,
              scopes: {
                'accounts:read': 'Read account groups',
                'accounts:admin': 'Create and close account groups (and read them)',
                'users:read': 'Read users',
                'users:admin': 'Administer users (and read them)',
                'webhooks:read': 'Read webhook subscriptions',
                'webhooks:admin': 'Create, change and delete webhook subscriptions (and read them)',
              },
            },
          },
        },
      },
    },
    'x-unmatched-route': { '404': ref('responses/NotFound') },
    'x-local-server': { '413': ref('responses/ContentTooLarge') },
    'x-injected-fault': {
      default: {
        description:
          'A fault injected through the control API (`x-sandbox-fault: status=503`, `Prefer: code=503` or a ' +
          'fault rule) may answer any 4xx or 5xx status, always as problem details.',
        headers: { 'upvest-request-id': ref('headers/UpvestRequestId') },
        content: { 'application/problem+json': { schema: schemaRef('ProblemDetails') } },
      },
    },
  }
}

const DESCRIPTION = `The part of Upvest's Investment API that wealth-sandbox emulates: OAuth client-credentials tokens,
users, account groups with their lifecycle, and webhook subscriptions.

Every response carries \`upvest-request-id\`. Every error is \`application/problem+json\` with all six fields
(\`type\`, \`status\`, \`title\`, \`detail\`, \`instance\` = the request path, \`request_id\`).

On every route but \`/auth/token\` and \`/auth/verify_keys\` the gatekeeping checks run in this order, and the first
failure answers: \`upvest-api-version\` other than \`1\` (400); an \`accept\` that rules out JSON (406); no
\`upvest-client-id\` (400); the client's rate limit (429, when the scenario sets one); the bearer token (401);
the scope (403); \`idempotency-key\` on POST (400); the request signature when checks are on (401).

Upvest's own documents also list 500, 503 and 504 on every operation; the sandbox answers 500 only for an
unexpected failure. A path or method that is not listed here is a 404 problem on the local server.

References such as \`docs/upvest.md#gatekeeping\` point to wealth-sandbox's documentation (the \`docs/\` folder of the
project and of its npm package), which lists every rule, marked *Documented* (with Upvest's words) or *Sandbox
choice* (with the reason).`

let built: OpenApiDocument | undefined

/**
 * The OpenAPI 3.1 document of the Upvest side of the sandbox: a fresh copy each call, its servers replaced
 * when `options.servers` is given (the token URL follows the first server).
 */
export function upvestOpenApi(options: OpenApiOptions = {}): OpenApiDocument {
  built ??= build()
  const document = structuredClone(built)
  if (options.servers) {
    document.servers = options.servers
    const first = options.servers[0]?.url
    const scheme = document.components.securitySchemes?.upvest as { flows: { clientCredentials: { tokenUrl: string } } }
    if (first) scheme.flows.clientCredentials.tokenUrl = `${first.replace(/\/$/, '')}/auth/token`
  }
  return document
}
