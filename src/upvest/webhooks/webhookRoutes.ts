import type { Route } from '../../engine/Provider.js'
import { exclusive } from '../idempotency/exclusive.js'
import { idempotentCreate } from '../idempotency/idempotentCreate.js'
import {
  EXAMPLE_WEBHOOK,
  empty,
  errors,
  GATE,
  IDEMPOTENCY_KEY,
  json,
  jsonBody,
  LIST_PARAMETERS,
  listExample,
  sortParameter,
  WEBHOOK_ID,
} from '../openapi/openApiParts.js'
import { parseInput } from '../protocol/parseInput.js'
import { pickParams } from '../protocol/pickParams.js'
import { readJson } from '../protocol/readJson.js'
import { gatedRoute } from '../routes/upvestRoute.js'
import type { UpvestContext } from '../UpvestContext.js'
import { createWebhook, createWebhookRequest } from './subscriptions/createWebhook.js'
import { deleteWebhook } from './subscriptions/deleteWebhook.js'
import { findWebhook } from './subscriptions/findWebhook.js'
import { listWebhooks, webhookListQuery } from './subscriptions/listWebhooks.js'
import { testWebhook } from './subscriptions/testWebhook.js'
import { toWebhook } from './subscriptions/toWebhook.js'
import { updateWebhook, updateWebhookRequest } from './subscriptions/updateWebhook.js'

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
    scopes: READ_WEBHOOKS,
    operation: {
      operationId: 'list_webhooks',
      summary: 'List webhook subscriptions',
      description: 'The client’s webhook subscriptions, offset-paginated (docs/upvest.md#webhook-subscriptions).',
      tags: ['Webhooks'],
      parameters: [sortParameter(['created_at', 'updated_at', 'title', 'url', 'enabled']), ...LIST_PARAMETERS],
      responses: {
        '200': json('A page of webhook subscriptions.', 'WebhookList', listExample(EXAMPLE_WEBHOOK)),
        ...errors(...GATE),
      },
    },
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
    scopes: ADMIN_WEBHOOKS,
    operation: {
      operationId: 'create_webhook',
      summary: 'Create a webhook subscription',
      description:
        'Subscribes a URL to event categories (docs/upvest.md#webhook-subscriptions); `http://` and loopback URLs ' +
        'are allowed (docs/upvest.md#webhook-urls). New subscriptions are enabled; `type` defaults to `["ALL"]`. ' +
        'Idempotent like account-group creation: a replayed `idempotency-key` answers the stored response, reused ' +
        'with another body a 422.',
      tags: ['Webhooks'],
      parameters: [IDEMPOTENCY_KEY],
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
    },
    handle: ({ request, ctx, gate }) =>
      idempotentCreate(ctx, request, gate, createWebhookRequest, async (clientId, input) => ({
        status: 201,
        body: await createWebhook(ctx, clientId, input),
      })),
  }),

  gatedRoute({
    method: 'GET',
    path: '/webhooks/:webhook_id',
    scopes: READ_WEBHOOKS,
    operation: {
      operationId: 'retrieve_webhook',
      summary: 'Retrieve a webhook subscription',
      tags: ['Webhooks'],
      parameters: [WEBHOOK_ID],
      responses: { '200': json('The subscription.', 'Webhook', EXAMPLE_WEBHOOK), ...errors(...GATE, 404) },
    },
    handle: ({ params, ctx, gate }) => ({
      status: 200,
      body: toWebhook(findWebhook(ctx, String(params.webhook_id), gate.client.id)),
    }),
  }),

  gatedRoute({
    method: 'PATCH',
    path: '/webhooks/:webhook_id',
    scopes: ADMIN_WEBHOOKS,
    operation: {
      operationId: 'update_webhook',
      summary: 'Update a webhook subscription',
      description: 'Changes any of `title`, `url`, `enabled`, `type` and `config`.',
      tags: ['Webhooks'],
      parameters: [WEBHOOK_ID],
      requestBody: jsonBody('WebhookUpdateRequest', { enabled: false }),
      responses: {
        '200': json('The updated subscription.', 'Webhook', { ...EXAMPLE_WEBHOOK, enabled: false }),
        ...errors(...GATE, 404),
      },
    },
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
    scopes: ADMIN_WEBHOOKS,
    operation: {
      operationId: 'delete_webhook',
      summary: 'Delete a webhook subscription',
      tags: ['Webhooks'],
      parameters: [WEBHOOK_ID],
      responses: { '204': empty('Deleted; no body.'), ...errors(...GATE, 404) },
    },
    async handle({ params, ctx, gate }) {
      await exclusive(ctx, () => deleteWebhook(ctx, gate.client.id, String(params.webhook_id)))
      return { status: 204 }
    },
  }),

  gatedRoute({
    method: 'POST',
    path: '/webhooks/:webhook_id/test',
    scopes: ADMIN_WEBHOOKS,
    operation: {
      operationId: 'test_webhook',
      summary: 'Test a webhook subscription',
      description: 'Sends a test delivery to the subscription’s URL (docs/upvest.md#webhook-subscriptions).',
      tags: ['Webhooks'],
      parameters: [WEBHOOK_ID, IDEMPOTENCY_KEY],
      responses: { '202': empty('The test delivery is on its way; no body.'), ...errors(...GATE, 404) },
    },
    async handle({ params, ctx, gate }) {
      await exclusive(ctx, () => testWebhook(ctx, gate.client.id, String(params.webhook_id)))
      // Sent right away, after the 202: the scheduler runs the batch that has just fallen due.
      void ctx.runDueJobs().catch(() => undefined)
      return { status: 202 }
    },
  }),
]
