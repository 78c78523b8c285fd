import { toTimestamp } from '../../../sandbox/time/Clock.js'
import { exclusive } from '../../idempotency/exclusive.js'
import { UpvestError } from '../../protocol/UpvestError.js'
import type { UpvestContext } from '../../UpvestContext.js'
import { openBatch } from '../batching/openBatch.js'
import { type OutboxEntry, outbox } from '../batching/outbox.js'
import type { WebhookEvent } from '../batching/toWebhookEvent.js'
import { WEBHOOK_DELIVERY_JOB } from './WEBHOOK_DELIVERY_JOB.js'
import { webhookQueue } from './webhookQueue.js'

/**
 * `POST /__sandbox/webhooks/deliveries/{id}/redeliver` (docs/webhooks.md#outbox), sandbox-only: sends a batch now instead of
 * waiting. A failing or pending batch at the head of its queue is attempted at once (the retry schedule
 * goes on from there if it fails again). A delivered batch is queued again as a new batch with the same
 * events, due at once. A batch waiting behind another, or of a disabled or deleted subscription, is a
 * 409. Resolves once the attempt is over, with the batch as the outbox shows it.
 */
export async function redeliver(sandbox: UpvestContext, id: string): Promise<OutboxEntry> {
  const target = await exclusive(sandbox, async () => {
    const delivery = sandbox.store.upvestDeliveries.get(id)
    if (!delivery) throw new UpvestError(404, `Delivery ${id} not found`)
    const webhook = sandbox.store.upvestWebhooks.get(delivery.webhook_id)
    if (!webhook) throw new UpvestError(409, `Delivery ${id}: its webhook ${delivery.webhook_id} was deleted`)
    if (!webhook.enabled) throw new UpvestError(409, `Delivery ${id}: its webhook ${webhook.id} is disabled`)
    const now = Math.floor(sandbox.now() / 1000) * 1000
    if (delivery.state === 'delivered') {
      return (await openBatch(sandbox, webhook, delivery.events as unknown as WebhookEvent[], now)).id
    }
    const head = webhookQueue(sandbox, webhook.id).find((each) => each.state !== 'delivered')
    if (head && head.id !== id) {
      throw new UpvestError(409, `Delivery ${id} waits behind delivery ${head.id}: redeliver that one first`)
    }
    await sandbox.store.upvestDeliveries.update(id, (draft) => {
      draft.next_attempt_at = toTimestamp(now)
    })
    await sandbox.scheduler.schedule(WEBHOOK_DELIVERY_JOB, 0, { webhook_id: webhook.id })
    return id
  })
  await sandbox.runDueJobs()
  const entry = outbox(sandbox).find((each) => each.id === target)
  if (!entry) throw new UpvestError(404, `Delivery ${target} not found`)
  return entry
}
