import type { Route } from '../../engine/Provider.js'
import { exclusive } from '../exclusive.js'
import { idempotentCreate } from '../idempotentCreate.js'
import { parseInput } from '../parseInput.js'
import { pickParams } from '../pickParams.js'
import { readJson } from '../readJson.js'
import type { UpvestContext } from '../UpvestContext.js'
import { gatedRoute } from '../upvestRoute.js'
import { createWebhook, createWebhookRequest } from './createWebhook.js'
import { deleteWebhook } from './deleteWebhook.js'
import { findWebhook } from './findWebhook.js'
import { listWebhooks, webhookListQuery } from './listWebhooks.js'
import { testWebhook } from './testWebhook.js'
import { toWebhook } from './toWebhook.js'
import { updateWebhook, updateWebhookRequest } from './updateWebhook.js'

const READ_WEBHOOKS = ['webhooks:read', 'webhooks:admin'] as const
const ADMIN_WEBHOOKS = ['webhooks:admin'] as const

/**
 * The webhook subscription routes (docs/upvest.md#webhook-subscriptions): each goes through the gatekeeping chain, sees only the calling
 * client's subscriptions, and never waits for a delivery.
 */
export const webhookRoutes: readonly Route<UpvestContext>[] = [
  gatedRoute({
    method: 'GET',
    path: '/webhooks',
    operationId: 'list_webhooks',
    scopes: READ_WEBHOOKS,
    handle({ request, ctx, gate }) {
      const query = parseInput(
        webhookListQuery,
        pickParams(request.query, ['limit', 'offset', 'sort', 'order']),
        'query',
      )
      return { status: 200, body: listWebhooks(ctx, gate.client.id, query) }
    },
  }),

  gatedRoute({
    method: 'POST',
    path: '/webhooks',
    operationId: 'create_webhook',
    scopes: ADMIN_WEBHOOKS,
    handle: ({ request, ctx, gate }) =>
      idempotentCreate(ctx, request, gate, createWebhookRequest, async (clientId, input) => ({
        status: 201,
        body: await createWebhook(ctx, clientId, input),
      })),
  }),

  gatedRoute({
    method: 'GET',
    path: '/webhooks/:webhook_id',
    operationId: 'retrieve_webhook',
    scopes: READ_WEBHOOKS,
    handle: ({ params, ctx, gate }) => ({
      status: 200,
      body: toWebhook(findWebhook(ctx, String(params.webhook_id), gate.client.id)),
    }),
  }),

  gatedRoute({
    method: 'PATCH',
    path: '/webhooks/:webhook_id',
    operationId: 'update_webhook',
    scopes: ADMIN_WEBHOOKS,
    handle({ request, params, ctx, gate }) {
      const id = String(params.webhook_id)
      const body = readJson(request)
      return exclusive(ctx, async () => {
        findWebhook(ctx, id, gate.client.id)
        const input = parseInput(updateWebhookRequest, body, 'request body')
        return { status: 200, body: await updateWebhook(ctx, gate.client.id, id, input) }
      })
    },
  }),

  gatedRoute({
    method: 'DELETE',
    path: '/webhooks/:webhook_id',
    operationId: 'delete_webhook',
    scopes: ADMIN_WEBHOOKS,
    async handle({ params, ctx, gate }) {
      await exclusive(ctx, () => deleteWebhook(ctx, gate.client.id, String(params.webhook_id)))
      return { status: 204 }
    },
  }),

  gatedRoute({
    method: 'POST',
    path: '/webhooks/:webhook_id/test',
    operationId: 'test_webhook',
    scopes: ADMIN_WEBHOOKS,
    async handle({ params, ctx, gate }) {
      await exclusive(ctx, () => testWebhook(ctx, gate.client.id, String(params.webhook_id)))
      // Sent right away, after the 202: the scheduler runs the batch that has just fallen due.
      void ctx.runDueJobs().catch(() => undefined)
      return { status: 202 }
    },
  }),
]
