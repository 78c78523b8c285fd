import { openApiPaths } from '../../contract/openApiPaths.js'
import { componentSchemas, schemaRegistry } from '../../contract/toJsonSchema.js'
import type { OpenApiDocument, OpenApiOptions, Response } from '../../contract/types.js'
import { accountGroupStatus, accountGroupType, accountGroupUserType, closureReason } from '../../store/schemas.js'
import { closureRequest } from '../accountGroups/closeAccountGroup.js'
import { createAccountGroupRequest } from '../accountGroups/createAccountGroup.js'
import { tokenRequest } from '../auth/issueToken.js'
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
} from '../resources.js'
import { upvestRoutes } from '../routes/upvestRoutes.js'
import { EXAMPLE_ACCOUNT_GROUP, PROBLEMS, type ProblemSpec, REQUEST_ID, ref, schemaRef } from './openApiParts.js'

// The sandbox's own OpenAPI 3.1 document of the Upvest Investment API it serves: every route, every status
// it can answer, its headers and bodies. The operations are the route table's own (./upvestRoutes.ts);
// resource schemas are generated from the zod schemas the handlers use (./resources.ts); the rules they
// describe are in docs/upvest.md, shapes and enums agree with Upvest's OpenAPI 1.9.0
// (vendor/upvest-openapi-1.9.0). Written for this project, not copied from Upvest's document.

export const UPVEST_ORIGIN = 'https://sandbox.upvest.co'

const EXAMPLE_EVENT = {
  id: '72da9e41-9926-419f-976e-4c8069a04249',
  created_at: '2021-07-21T14:10:00Z',
  type: 'ACCOUNT_GROUP.CREATED',
  object: EXAMPLE_ACCOUNT_GROUP,
  webhook_id: '9df39835-be87-4243-9018-f2500b39cee6',
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
    paths: openApiPaths(upvestRoutes),
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
