import { z } from 'zod'
import type { Route } from '../engine/Provider.js'
import { closeAccountGroup, closureRequest } from './closeAccountGroup.js'
import { createAccountGroup, createAccountGroupRequest } from './createAccountGroup.js'
import { exclusive } from './exclusive.js'
import { findAccountGroup } from './findAccountGroup.js'
import { findUser } from './findUser.js'
import { idempotentCreate } from './idempotentCreate.js'
import { issueToken, tokenRequest } from './issueToken.js'
import { negotiate } from './negotiate.js'
import { listQuery, paginate } from './paginate.js'
import { parseInput } from './parseInput.js'
import { pickParams } from './pickParams.js'
import { readJson } from './readJson.js'
import { requireClientId } from './requireClientId.js'
import type { VerificationKeys } from './resources.js'
import { throttle } from './throttle.js'
import { toAccountGroup } from './toAccountGroup.js'
import { toUser } from './toUser.js'
import type { UpvestContext } from './UpvestContext.js'
import { UpvestError } from './UpvestError.js'
import { gatedRoute, openRoute } from './upvestRoute.js'
import { webhookSigningKey } from './webhookSigningKey.js'
import { webhookRoutes } from './webhooks/webhookRoutes.js'

const READ_ACCOUNTS = ['accounts:read', 'accounts:admin'] as const
const ADMIN_ACCOUNTS = ['accounts:admin'] as const
const READ_USERS = ['users:read', 'users:admin'] as const
const accountGroupList = listQuery(['created_at', 'updated_at'])
const userList = listQuery(['created_at'])
const listParams = <S extends z.ZodType>(schema: S, query: URLSearchParams): z.output<S> =>
  parseInput(schema, pickParams(query, ['limit', 'offset', 'sort', 'order']), 'query')
const jsonObject = z.record(z.string(), z.unknown(), { error: 'must be a JSON object' }).optional()

/** The Upvest Investment API, webhook subscriptions included: every operation once, in one table. */
export const upvestRoutes: readonly Route<UpvestContext>[] = [
  openRoute({
    method: 'POST',
    path: '/auth/token',
    operationId: 'issue_token',
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
    operationId: 'get_jwks',
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
    operationId: 'list_users',
    scopes: READ_USERS,
    handle({ request, ctx, gate }) {
      const query = listParams(userList, request.query)
      return { status: 200, body: paginate(ctx.store.indexes.usersByClient.list(gate.client.id), query, toUser) }
    },
  }),

  gatedRoute({
    method: 'GET',
    path: '/users/:user_id',
    operationId: 'retrieve_user',
    scopes: READ_USERS,
    handle: ({ params, ctx, gate }) => ({
      status: 200,
      body: toUser(findUser(ctx, String(params.user_id), gate.client.id)),
    }),
  }),

  gatedRoute({
    method: 'GET',
    path: '/users/:user_id/account_groups',
    operationId: 'list_user_account_groups',
    scopes: READ_ACCOUNTS,
    handle({ request, params, ctx, gate }) {
      const user = findUser(ctx, String(params.user_id), gate.client.id)
      const query = listParams(accountGroupList, request.query)
      const sorted = ctx.store.indexes.accountGroupsByUser[query.sort].list(user.id)
      return { status: 200, body: paginate(sorted, query, toAccountGroup) }
    },
  }),

  gatedRoute({
    method: 'GET',
    path: '/account_groups',
    operationId: 'list_account_groups',
    scopes: READ_ACCOUNTS,
    handle({ request, ctx, gate }) {
      const query = listParams(accountGroupList, request.query)
      const sorted = ctx.store.indexes.accountGroupsByClient[query.sort].list(gate.client.id)
      return { status: 200, body: paginate(sorted, query, toAccountGroup) }
    },
  }),

  gatedRoute({
    method: 'POST',
    path: '/account_groups',
    operationId: 'create_account_group',
    scopes: ADMIN_ACCOUNTS,
    handle: ({ request, ctx, gate }) =>
      idempotentCreate(ctx, request, gate, createAccountGroupRequest, async (clientId, input) => ({
        status: 200,
        body: await createAccountGroup(ctx, clientId, input),
      })),
  }),

  gatedRoute({
    method: 'GET',
    path: '/account_groups/:account_group_id',
    operationId: 'retrieve_account_group',
    scopes: READ_ACCOUNTS,
    handle: ({ params, ctx, gate }) => ({
      status: 200,
      body: toAccountGroup(findAccountGroup(ctx, String(params.account_group_id), gate.client.id)),
    }),
  }),

  gatedRoute({
    method: 'DELETE',
    path: '/account_groups/:account_group_id',
    operationId: 'account_group_closure',
    scopes: ADMIN_ACCOUNTS,
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
