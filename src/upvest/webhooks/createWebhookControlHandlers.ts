import type { RequestHandler } from 'msw'
import { z } from 'zod'
import type { Sandbox } from '../../sandbox/createSandbox.js'
import { http } from '../../sandbox/http.js'
import { parseInput } from '../parseInput.js'
import { pickParams } from '../pickParams.js'
import { reply } from '../reply.js'
import { UpvestError } from '../UpvestError.js'
import { outbox } from './outbox.js'
import { redeliver } from './redeliver.js'

export interface WebhookControlHandlerOptions {
  /** Origin the control routes live under, e.g. `http://127.0.0.1:4010/`. */
  baseUrl: string
}

const outboxQuery = z.strictObject({
  webhook_id: z.string().optional(),
  state: z.enum(['pending', 'retrying', 'delivered']).optional(),
})

/**
 * The sandbox-only webhook routes (S21): the outbox, one batch of it, and redelivery. Like the other
 * Upvest control routes they take no credentials and answer errors as problem+json.
 */
export function createWebhookControlHandlers(
  sandbox: Sandbox,
  options: WebhookControlHandlerOptions,
): RequestHandler[] {
  const url = (path: string) => new URL(`__sandbox/webhooks/${path}`, options.baseUrl).href
  const find = (id: string) => outbox(sandbox).find((entry) => entry.id === id)
  return [
    http.get(url('deliveries'), ({ request }) =>
      reply(request, async () => {
        const filter = parseInput(outboxQuery, pickParams(new URL(request.url), ['webhook_id', 'state']), 'query')
        return { status: 200, body: { deliveries: outbox(sandbox, filter) } }
      }),
    ),
    http.get(url('deliveries/:delivery_id'), ({ request, params }) =>
      reply(request, async () => {
        const entry = find(String(params.delivery_id))
        if (!entry) throw new UpvestError(404, `Delivery ${String(params.delivery_id)} not found`)
        return { status: 200, body: entry }
      }),
    ),
    http.post(url('deliveries/:delivery_id/redeliver'), ({ request, params }) =>
      reply(request, async () => ({ status: 200, body: await redeliver(sandbox, String(params.delivery_id)) })),
    ),
  ]
}
