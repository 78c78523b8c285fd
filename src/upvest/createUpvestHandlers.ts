import type { RequestHandler } from 'msw'
import { z } from 'zod'
import type { Sandbox } from '../sandbox/createSandbox.js'
import { http } from '../sandbox/http.js'
import type { UpvestScope } from '../store/schemas.js'
import { closeAccountGroup, closureRequest } from './closeAccountGroup.js'
import { createAccountGroup, createAccountGroupRequest } from './createAccountGroup.js'
import { exclusive } from './exclusive.js'
import { findAccountGroup } from './findAccountGroup.js'
import { findUser } from './findUser.js'
import { gatekeep } from './gatekeep.js'
import { idempotentCreate } from './idempotentCreate.js'
import { issueToken, tokenRequest } from './issueToken.js'
import { negotiate } from './negotiate.js'
import { listQuery, paginate } from './paginate.js'
import { parseInput } from './parseInput.js'
import { pickParams } from './pickParams.js'
import { readJson } from './readJson.js'
import { reply } from './reply.js'
import { requireClientId } from './requireClientId.js'
import type { VerificationKeys } from './resources.js'
import { throttle } from './throttle.js'
import { toAccountGroup } from './toAccountGroup.js'
import { toUser } from './toUser.js'
import { UpvestError } from './UpvestError.js'
import { webhookSigningKey } from './webhookSigningKey.js'
import { createWebhookHandlers } from './webhooks/createWebhookHandlers.js'

export interface UpvestHandlerOptions {
  /** Origin (and path prefix) the handlers answer, e.g. `https://sandbox.upvest.co/`. */
  baseUrl: string
}

const READ_ACCOUNTS: readonly UpvestScope[] = ['accounts:read', 'accounts:admin']
const ADMIN_ACCOUNTS: readonly UpvestScope[] = ['accounts:admin']
const READ_USERS: readonly UpvestScope[] = ['users:read', 'users:admin']
const accountGroupList = listQuery(['created_at', 'updated_at'])
const userList = listQuery(['created_at'])
const listParams = <S extends z.ZodType>(schema: S, request: Request): z.output<S> =>
  parseInput(schema, pickParams(new URL(request.url), ['limit', 'offset', 'sort', 'order']), 'query')
const jsonObject = z.record(z.string(), z.unknown(), { error: 'must be a JSON object' }).optional()

/** The Upvest Investment API over one sandbox (reference §1), webhook subscriptions included. */
export function createUpvestHandlers(sandbox: Sandbox, options: UpvestHandlerOptions): RequestHandler[] {
  const url = (path: string) => new URL(path, options.baseUrl).href
  const { store } = sandbox

  return [
    http.post(url('auth/token'), ({ request }) =>
      reply(request, async () => {
        negotiate(request.headers)
        const clientId = requireClientId(request.headers)
        throttle(sandbox, clientId)
        if (!request.headers.get('content-type')?.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
          throw new UpvestError(400, 'content-type: the token request must be application/x-www-form-urlencoded')
        }
        const form = Object.fromEntries(new URLSearchParams(await request.text()))
        const input = parseInput(tokenRequest, form, 'form')
        return { status: 200, body: await issueToken(sandbox, clientId, input) }
      }),
    ),

    // Public key material for webhook receivers: outside the gatekeeping chain (S2), so no token; a
    // caller that names its client id still counts against that client's rate limit.
    http.get(url('auth/verify_keys'), ({ request }) =>
      reply(request, async () => {
        negotiate(request.headers)
        const clientId = request.headers.get('upvest-client-id')?.trim()
        if (clientId) throttle(sandbox, clientId)
        const body: VerificationKeys = { keys: [webhookSigningKey(sandbox.seed).publicJwk] }
        return { status: 200, body }
      }),
    ),

    http.get(url('users'), ({ request }) =>
      reply(request, async () => {
        const { client } = await gatekeep(sandbox, request, READ_USERS)
        const query = listParams(userList, request)
        return { status: 200, body: paginate(store.indexes.usersByClient.list(client.id), query, toUser) }
      }),
    ),

    http.get(url('users/:user_id'), ({ request, params }) =>
      reply(request, async () => {
        const { client } = await gatekeep(sandbox, request, READ_USERS)
        return { status: 200, body: toUser(findUser(sandbox, String(params.user_id), client.id)) }
      }),
    ),

    http.get(url('users/:user_id/account_groups'), ({ request, params }) =>
      reply(request, async () => {
        const { client } = await gatekeep(sandbox, request, READ_ACCOUNTS)
        const user = findUser(sandbox, String(params.user_id), client.id)
        const query = listParams(accountGroupList, request)
        const sorted = store.indexes.accountGroupsByUser[query.sort].list(user.id)
        return { status: 200, body: paginate(sorted, query, toAccountGroup) }
      }),
    ),

    http.get(url('account_groups'), ({ request }) =>
      reply(request, async () => {
        const { client } = await gatekeep(sandbox, request, READ_ACCOUNTS)
        const query = listParams(accountGroupList, request)
        const sorted = store.indexes.accountGroupsByClient[query.sort].list(client.id)
        return { status: 200, body: paginate(sorted, query, toAccountGroup) }
      }),
    ),

    http.post(url('account_groups'), ({ request }) =>
      reply(request, () =>
        idempotentCreate(sandbox, request, ADMIN_ACCOUNTS, createAccountGroupRequest, async (clientId, input) => ({
          status: 200,
          body: await createAccountGroup(sandbox, clientId, input),
        })),
      ),
    ),

    http.get(url('account_groups/:account_group_id'), ({ request, params }) =>
      reply(request, async () => {
        const { client } = await gatekeep(sandbox, request, READ_ACCOUNTS)
        return {
          status: 200,
          body: toAccountGroup(findAccountGroup(sandbox, String(params.account_group_id), client.id)),
        }
      }),
    ),

    http.delete(url('account_groups/:account_group_id'), ({ request, params }) =>
      reply(request, async () => {
        const { client } = await gatekeep(sandbox, request, ADMIN_ACCOUNTS)
        // The documented query parameters win over the same fields in a JSON body.
        const fromBody = parseInput(jsonObject, await readJson(request), 'request body')
        const fromQuery = pickParams(new URL(request.url), ['closure_reason', 'notification_only'])
        const input = parseInput(closureRequest, { ...fromBody, ...fromQuery })
        await exclusive(sandbox, () => closeAccountGroup(sandbox, client.id, String(params.account_group_id), input))
        return { status: 202 }
      }),
    ),

    ...createWebhookHandlers(sandbox, options),
  ]
}
