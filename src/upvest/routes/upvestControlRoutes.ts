import { z } from 'zod'
import type { Response } from '../../contract/types.js'
import type { Route } from '../../engine/Provider.js'
import { activateAccountGroup } from '../accountGroups/activateAccountGroup.js'
import { lockAccountGroup } from '../accountGroups/lockAccountGroup.js'
import { exclusive } from '../idempotency/exclusive.js'
import { EXAMPLE_ACCOUNT_GROUP, errors, json, ref } from '../openapi/openApiParts.js'
import { parseInput } from '../protocol/parseInput.js'
import { pickParams } from '../protocol/pickParams.js'
import { UpvestError } from '../protocol/UpvestError.js'
import type { UpvestContext } from '../UpvestContext.js'
import { outbox } from '../webhooks/batching/outbox.js'
import { redeliver } from '../webhooks/delivery/redeliver.js'
import { toEmitted } from '../webhooks/webhookEvents.js'
import { openRoute } from './upvestRoute.js'

const outboxQuery = z.strictObject({
  webhook_id: z.string().optional(),
  state: z.enum(['pending', 'retrying', 'delivered']).optional(),
})

/** A sandbox-only result the Upvest document has no schema for (docs/webhooks.md#outbox): a JSON object. */
const object = (description: string): Response => ({
  description,
  headers: { 'upvest-request-id': ref('headers/UpvestRequestId') },
  content: { 'application/json': { schema: { type: 'object' } } },
})

/**
 * The Upvest side's sandbox-only routes under `/__sandbox`: `activate` (docs/upvest.md#activate) and `lock` (docs/upvest.md#lock), which stand
 * in for Upvest's back office, and the webhook outbox with redelivery (docs/webhooks.md#outbox). They take no Upvest
 * credentials; errors are still problem+json.
 */
export const upvestControlRoutes: readonly Route<UpvestContext>[] = [
  openRoute({
    method: 'POST',
    path: '/upvest/account_groups/:account_group_id/activate',
    operation: {
      operationId: 'activate_account_group',
      summary: 'Approve a PENDING_APPROVAL account group',
      responses: {
        '200': json('The account group, now ACTIVE.', 'AccountGroup', EXAMPLE_ACCOUNT_GROUP),
        ...errors(404, 409, 500),
      },
    },
    handle: async ({ params, ctx }) => ({
      status: 200,
      body: await exclusive(ctx, () => activateAccountGroup(ctx, String(params.account_group_id))),
    }),
  }),
  openRoute({
    method: 'POST',
    path: '/upvest/account_groups/:account_group_id/lock',
    operation: {
      operationId: 'lock_account_group',
      summary: 'Lock an account group',
      responses: {
        '200': json('The account group, now LOCKED.', 'AccountGroup', { ...EXAMPLE_ACCOUNT_GROUP, status: 'LOCKED' }),
        ...errors(404, 409, 500),
      },
    },
    handle: async ({ params, ctx }) => ({
      status: 200,
      body: await exclusive(ctx, () => lockAccountGroup(ctx, String(params.account_group_id))),
    }),
  }),
  openRoute({
    method: 'GET',
    path: '/upvest/events',
    operation: {
      operationId: 'list_upvest_events',
      summary: 'The events the sandbox recorded, oldest first, as every subscription receives them',
      responses: { '200': object('`{ "events": [...] }`.'), ...errors(500) },
    },
    // What `sandbox.webhooks.next()` reads in-process, for test helpers driving a server over HTTP.
    handle: ({ ctx }) => ({ status: 200, body: { events: Array.from(ctx.store.upvestEvents.all(), toEmitted) } }),
  }),
  openRoute({
    method: 'GET',
    path: '/webhooks/deliveries',
    operation: {
      operationId: 'list_webhook_deliveries',
      summary: 'The webhook outbox',
      responses: { '200': object('`{ "deliveries": [...] }`, filtered.'), ...errors(400, 500) },
    },
    handle({ request, ctx }) {
      const filter = parseInput(outboxQuery, pickParams(request.query, ['webhook_id', 'state']), 'query')
      return { status: 200, body: { deliveries: outbox(ctx, filter) } }
    },
  }),
  openRoute({
    method: 'GET',
    path: '/webhooks/deliveries/:delivery_id',
    operation: {
      operationId: 'retrieve_webhook_delivery',
      summary: 'One delivery of the webhook outbox',
      responses: { '200': object('The delivery.'), ...errors(404, 500) },
    },
    handle({ params, ctx }) {
      const entry = outbox(ctx).find((each) => each.id === params.delivery_id)
      if (!entry) throw new UpvestError(404, `Delivery ${params.delivery_id} not found`)
      return { status: 200, body: entry }
    },
  }),
  openRoute({
    method: 'POST',
    path: '/webhooks/deliveries/:delivery_id/redeliver',
    operation: {
      operationId: 'redeliver_webhook_delivery',
      summary: 'Send a delivery again, now',
      responses: { '200': object('The delivery after the attempt.'), ...errors(404, 409, 500) },
    },
    handle: async ({ params, ctx }) => ({ status: 200, body: await redeliver(ctx, String(params.delivery_id)) }),
  }),
]
