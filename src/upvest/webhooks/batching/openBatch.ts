import { toTimestamp } from '../../../sandbox/time/Clock.js'
import type { UpvestDelivery, UpvestWebhook } from '../../../store/schemas.js'
import type { UpvestContext } from '../../UpvestContext.js'
import { WEBHOOK_DELIVERY_JOB } from '../delivery/WEBHOOK_DELIVERY_JOB.js'
import type { WebhookEvent } from './toWebhookEvent.js'

/**
 * Starts a new batch for a subscription, due at `dueAt` (milliseconds, a whole second), and schedules
 * the delivery job for that moment on the sandbox clock. The batch joins the end of the subscription's
 * queue, so it goes out only once every earlier batch is delivered.
 */
export async function openBatch(
  sandbox: UpvestContext,
  webhook: UpvestWebhook,
  events: WebhookEvent[],
  dueAt: number,
): Promise<UpvestDelivery> {
  const delivery = await sandbox.store.upvestDeliveries.insert({
    id: sandbox.ids.uuid(),
    webhook_id: webhook.id,
    client_id: webhook.client_id,
    created_at: sandbox.timestamp(),
    state: 'pending',
    events: events.map((event) => ({ ...event })),
    attempts: [],
    next_attempt_at: toTimestamp(dueAt),
  })
  await sandbox.scheduler.schedule(WEBHOOK_DELIVERY_JOB, Math.max(0, dueAt - sandbox.now()), {
    webhook_id: webhook.id,
    due: dueAt,
  })
  return delivery
}
