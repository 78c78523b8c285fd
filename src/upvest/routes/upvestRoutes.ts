import { z } from 'zod'
import type { Route } from '../../engine/Provider.js'
import { recordJson } from '../../engine/recordJson.js'
import type { UpvestAccountGroupRecord, UpvestUser } from '../../store/schemas.js'
import { closeAccountGroup, closureRequest } from '../accountGroups/closeAccountGroup.js'
import { createAccountGroup, createAccountGroupRequest } from '../accountGroups/createAccountGroup.js'
import { findAccountGroup } from '../accountGroups/findAccountGroup.js'
import { toAccountGroup } from '../accountGroups/toAccountGroup.js'
import { issueToken, tokenRequest } from '../auth/issueToken.js'
import { requireClientId } from '../auth/requireClientId.js'
import { throttle } from '../auth/throttle.js'
import { exclusive } from '../idempotency/exclusive.js'
import { idempotentCreate } from '../idempotency/idempotentCreate.js'
import {
  ACCOUNT_GROUP_ID,
  EXAMPLE_ACCOUNT_GROUP,
  EXAMPLE_USER,
  empty,
  errors,
  GATE,
  IDEMPOTENCY_KEY,
  json,
  jsonBody,
  LIST_PARAMETERS,
  listExample,
  ref,
  schemaRef,
  sortParameter,
  USER_ID,
} from '../openapi/openApiParts.js'
import { negotiate } from '../protocol/negotiate.js'
import { pageJson } from '../protocol/pageJson.js'
import { listQuery, paginate } from '../protocol/paginate.js'
import { parseInput } from '../protocol/parseInput.js'
import { pickParams } from '../protocol/pickParams.js'
import { readJson } from '../protocol/readJson.js'
import { UpvestError } from '../protocol/UpvestError.js'
import type { VerificationKeys } from '../resources.js'
import type { UpvestContext } from '../UpvestContext.js'
import { findUser } from '../users/findUser.js'
import { toUser } from '../users/toUser.js'
import { webhookSigningKey } from '../webhooks/signing/webhookSigningKey.js'
import { webhookRoutes } from '../webhooks/webhookRoutes.js'
import { gatedRoute, openRoute } from './upvestRoute.js'

const READ_ACCOUNTS = ['accounts:read', 'accounts:admin'] as const
const ADMIN_ACCOUNTS = ['accounts:admin'] as const
const READ_USERS = ['users:read', 'users:admin'] as const
const accountGroupList = listQuery(['created_at', 'updated_at'])
const userList = listQuery(['created_at'])
const listParams = <S extends z.ZodType>(schema: S, query: URLSearchParams): z.output<S> =>
  parseInput(schema, pickParams(query, ['limit', 'offset', 'sort', 'order']), 'query')
// Reads answer with each record's JSON text, kept per record version (`recordJson`).
const accountGroupJson = (record: UpvestAccountGroupRecord) => recordJson(record, toAccountGroup)
const userJson = (record: UpvestUser) => recordJson(record, toUser)
const jsonObject = z.record(z.string(), z.unknown(), { error: 'must be a JSON object' }).optional()

/**
 * The Upvest Investment API, webhook subscriptions included: every operation once, in one table, with the
 * OpenAPI operation that ./openapi.ts puts in the document.
 */
export const upvestRoutes: readonly Route<UpvestContext>[] = [
  openRoute({
    method: 'POST',
    path: '/auth/token',
    operation: {
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
    async handle({ request, ctx }) {
      negotiate(request.headers)
      const clientId = requireClientId(request.headers)
      throttle(ctx, clientId)
      if (!request.headers.get('content-type')?.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
        throw new UpvestError(400, 'content-type: the token request must be application/x-www-form-urlencoded')
      }
      const form = Object.fromEntries(new URLSearchParams(request.text()))
      const input = parseInput(tokenRequest, form, 'form')
      return { status: 200, body: await issueToken(ctx, clientId, input) }
    },
  }),

  // Public key material for webhook receivers: outside the gatekeeping chain (docs/upvest.md#gatekeeping), so no token; a
  // caller that names its client id still counts against that client's rate limit.
  openRoute({
    method: 'GET',
    path: '/auth/verify_keys',
    operation: {
      operationId: 'get_jwks',
      summary: 'Get the webhook signing keys',
      description:
        'The public keys (JWKS, EC P-521) that verify webhook signatures (docs/upvest.md#verify-keys). Outside ' +
        'the gatekeeping chain: the sandbox asks for no token here (Upvest’s documents list `webhooks:read`, 401 ' +
        'and 403). A caller that names its `upvest-client-id` counts against that client’s rate limit.',
      tags: ['Access Tokens'],
      security: [],
      parameters: [
        { ...ref('parameters/UpvestClientId'), description: 'Optional here.' },
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
    handle({ request, ctx }) {
      negotiate(request.headers)
      const clientId = request.headers.get('upvest-client-id')?.trim()
      if (clientId) throttle(ctx, clientId)
      const body: VerificationKeys = { keys: [webhookSigningKey(ctx.seed).publicJwk] }
      return { status: 200, body }
    },
  }),

  gatedRoute({
    method: 'GET',
    path: '/users',
    scopes: READ_USERS,
    operation: {
      operationId: 'list_users',
      summary: 'List users',
      description: 'The client’s users, offset-paginated (docs/upvest.md#lists, #users).',
      tags: ['Users'],
      parameters: [sortParameter(['created_at']), ...LIST_PARAMETERS],
      responses: {
        '200': json('A page of users.', 'UserList', listExample(EXAMPLE_USER)),
        ...errors(...GATE),
      },
    },
    handle({ request, ctx, gate }) {
      const query = listParams(userList, request.query)
      return {
        status: 200,
        body: pageJson(paginate(ctx.store.indexes.usersByClient.list(gate.client.id), query, userJson)),
      }
    },
  }),

  gatedRoute({
    method: 'GET',
    path: '/users/:user_id',
    scopes: READ_USERS,
    operation: {
      operationId: 'retrieve_user',
      summary: 'Retrieve a user',
      description: 'One of the client’s users (docs/upvest.md#users); a user of another client is a 404.',
      tags: ['Users'],
      parameters: [USER_ID],
      responses: { '200': json('The user.', 'User', EXAMPLE_USER), ...errors(...GATE, 404) },
    },
    handle: ({ params, ctx, gate }) => ({
      status: 200,
      body: userJson(findUser(ctx, String(params.user_id), gate.client.id)),
    }),
  }),

  gatedRoute({
    method: 'GET',
    path: '/users/:user_id/account_groups',
    scopes: READ_ACCOUNTS,
    operation: {
      operationId: 'list_user_account_groups',
      summary: 'List a user’s account groups',
      description: 'The account groups of one of the client’s users, offset-paginated (docs/upvest.md#lists).',
      tags: ['Account Groups'],
      parameters: [USER_ID, sortParameter(['created_at', 'updated_at']), ...LIST_PARAMETERS],
      responses: {
        '200': json('A page of account groups.', 'AccountGroupList', listExample(EXAMPLE_ACCOUNT_GROUP)),
        ...errors(...GATE, 404),
      },
    },
    handle({ request, params, ctx, gate }) {
      const user = findUser(ctx, String(params.user_id), gate.client.id)
      const query = listParams(accountGroupList, request.query)
      const sorted = ctx.store.indexes.accountGroupsByUser[query.sort].list(user.id)
      return { status: 200, body: pageJson(paginate(sorted, query, accountGroupJson)) }
    },
  }),

  gatedRoute({
    method: 'GET',
    path: '/account_groups',
    scopes: READ_ACCOUNTS,
    operation: {
      operationId: 'list_account_groups',
      summary: 'List account groups',
      description: 'The client’s account groups, offset-paginated (docs/upvest.md#lists).',
      tags: ['Account Groups'],
      parameters: [sortParameter(['created_at', 'updated_at']), ...LIST_PARAMETERS],
      responses: {
        '200': json('A page of account groups.', 'AccountGroupList', listExample(EXAMPLE_ACCOUNT_GROUP)),
        ...errors(...GATE),
      },
    },
    handle({ request, ctx, gate }) {
      const query = listParams(accountGroupList, request.query)
      const sorted = ctx.store.indexes.accountGroupsByClient[query.sort].list(gate.client.id)
      return { status: 200, body: pageJson(paginate(sorted, query, accountGroupJson)) }
    },
  }),

  gatedRoute({
    method: 'POST',
    path: '/account_groups',
    scopes: ADMIN_ACCOUNTS,
    operation: {
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
      parameters: [IDEMPOTENCY_KEY],
      requestBody: jsonBody('CreateAccountGroupRequest', {
        user_id: '413715f2-5401-4b97-8055-034a6b879f8c',
        type: 'PERSONAL',
      }),
      responses: {
        '200': json('The new account group.', 'AccountGroup', EXAMPLE_ACCOUNT_GROUP),
        ...errors(...GATE, 404, 409, 422),
      },
    },
    handle: ({ request, ctx, gate }) =>
      idempotentCreate(ctx, request, gate, createAccountGroupRequest, async (clientId, input) => ({
        status: 200,
        body: await createAccountGroup(ctx, clientId, input),
      })),
  }),

  gatedRoute({
    method: 'GET',
    path: '/account_groups/:account_group_id',
    scopes: READ_ACCOUNTS,
    operation: {
      operationId: 'retrieve_account_group',
      summary: 'Retrieve an account group',
      description: 'One of the client’s account groups, closed ones included (docs/upvest.md#get-account-group).',
      tags: ['Account Groups'],
      parameters: [ACCOUNT_GROUP_ID],
      responses: {
        '200': json('The account group.', 'AccountGroup', EXAMPLE_ACCOUNT_GROUP),
        ...errors(...GATE, 404),
      },
    },
    handle: ({ params, ctx, gate }) => ({
      status: 200,
      body: accountGroupJson(findAccountGroup(ctx, String(params.account_group_id), gate.client.id)),
    }),
  }),

  gatedRoute({
    method: 'DELETE',
    path: '/account_groups/:account_group_id',
    scopes: ADMIN_ACCOUNTS,
    operation: {
      operationId: 'account_group_closure',
      summary: 'Close an account group',
      description:
        'Starts the closure (docs/upvest.md#closure-request, #closure): the group turns `CLOSING` at once ' +
        '(`ACCOUNT_GROUP.CLOSING_INITIATED`) and `CLOSED` after the scenario’s `closureDelay` ' +
        '(`ACCOUNT_GROUP.CLOSED`). With `notification_only=true` only the reason is recorded. A group that is ' +
        'CLOSING, CLOSED or LOCKED is a 409. The parameters may also come as a JSON body; the query wins.',
      tags: ['Account Groups'],
      parameters: [ACCOUNT_GROUP_ID, ref('parameters/ClosureReason'), ref('parameters/NotificationOnly')],
      requestBody: jsonBody('ClosureRequest', { closure_reason: 'user_initiated' }, false),
      responses: { '202': empty('The closure has started; no body.'), ...errors(...GATE, 404, 409) },
    },
    async handle({ request, params, ctx, gate }) {
      // The documented query parameters win over the same fields in a JSON body.
      const fromBody = parseInput(jsonObject, readJson(request), 'request body')
      const fromQuery = pickParams(request.query, ['closure_reason', 'notification_only'])
      const input = parseInput(closureRequest, { ...fromBody, ...fromQuery })
      const id = String(params.account_group_id)
      await exclusive(ctx, () => closeAccountGroup(ctx, gate.client.id, id, input))
      return { status: 202 }
    },
  }),

  ...webhookRoutes,
]
