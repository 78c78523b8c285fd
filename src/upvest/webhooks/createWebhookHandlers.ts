import type { RequestHandler } from 'msw'
import type { Sandbox } from '../../sandbox/createSandbox.js'
import { http } from '../../sandbox/http.js'
import type { UpvestScope } from '../../store/schemas.js'
import { exclusive } from '../exclusive.js'
import { gatekeep } from '../gatekeep.js'
import { idempotentCreate } from '../idempotentCreate.js'
import { parseInput } from '../parseInput.js'
import { pickParams } from '../pickParams.js'
import { readJson } from '../readJson.js'
import { reply } from '../reply.js'
import { createWebhook, createWebhookRequest } from './createWebhook.js'
import { deleteWebhook } from './deleteWebhook.js'
import { findWebhook } from './findWebhook.js'
import { listWebhooks, webhookListQuery } from './listWebhooks.js'
import { testWebhook } from './testWebhook.js'
import { toWebhook } from './toWebhook.js'
import { updateWebhook, updateWebhookRequest } from './updateWebhook.js'

export interface WebhookHandlerOptions {
  /** Origin (and path prefix) the handlers answer, e.g. `https://sandbox.upvest.co/`. */
  baseUrl: string
}

const READ_WEBHOOKS: readonly UpvestScope[] = ['webhooks:read', 'webhooks:admin']
const ADMIN_WEBHOOKS: readonly UpvestScope[] = ['webhooks:admin']

/**
 * The webhook subscription routes of the Upvest API (§1, S18): each goes through the S2 gatekeeping
 * chain, sees only the calling client's subscriptions, and never waits for a delivery.
 */
export function createWebhookHandlers(sandbox: Sandbox, options: WebhookHandlerOptions): RequestHandler[] {
  const url = (path: string) => new URL(path, options.baseUrl).href
  const id = (params: Record<string, unknown>) => String(params.webhook_id)

  return [
    http.get(url('webhooks'), ({ request }) =>
      reply(request, async () => {
        const { client } = await gatekeep(sandbox, request, READ_WEBHOOKS)
        const query = parseInput(
          webhookListQuery,
          pickParams(new URL(request.url), ['limit', 'offset', 'sort', 'order']),
          'query',
        )
        return { status: 200, body: listWebhooks(sandbox, client.id, query) }
      }),
    ),

    http.post(url('webhooks'), ({ request }) =>
      reply(request, () =>
        idempotentCreate(sandbox, request, ADMIN_WEBHOOKS, createWebhookRequest, async (clientId, input) => ({
          status: 201,
          body: await createWebhook(sandbox, clientId, input),
        })),
      ),
    ),

    http.get(url('webhooks/:webhook_id'), ({ request, params }) =>
      reply(request, async () => {
        const { client } = await gatekeep(sandbox, request, READ_WEBHOOKS)
        return { status: 200, body: toWebhook(findWebhook(sandbox, id(params), client.id)) }
      }),
    ),

    http.patch(url('webhooks/:webhook_id'), ({ request, params }) =>
      reply(request, async () => {
        const { client } = await gatekeep(sandbox, request, ADMIN_WEBHOOKS)
        const body = await readJson(request)
        return exclusive(sandbox, async () => {
          findWebhook(sandbox, id(params), client.id)
          const input = parseInput(updateWebhookRequest, body, 'request body')
          return { status: 200, body: await updateWebhook(sandbox, client.id, id(params), input) }
        })
      }),
    ),

    http.delete(url('webhooks/:webhook_id'), ({ request, params }) =>
      reply(request, async () => {
        const { client } = await gatekeep(sandbox, request, ADMIN_WEBHOOKS)
        await exclusive(sandbox, () => deleteWebhook(sandbox, client.id, id(params)))
        return { status: 204 }
      }),
    ),

    http.post(url('webhooks/:webhook_id/test'), ({ request, params }) =>
      reply(request, async () => {
        const { client } = await gatekeep(sandbox, request, ADMIN_WEBHOOKS)
        await exclusive(sandbox, () => testWebhook(sandbox, client.id, id(params)))
        // Sent right away, after the 202: the scheduler runs the batch that has just fallen due.
        void sandbox.runDueJobs().catch(() => undefined)
        return { status: 202 }
      }),
    ),
  ]
}
