import type { UpvestEvent } from '../../store/schemas.js'
import { accountGroupEvents } from '../accountGroups/accountGroupEvents.js'
import type { UpvestContext } from '../UpvestContext.js'
import { batchEvent } from './batching/batchEvent.js'
import { toWebhookEvent } from './batching/toWebhookEvent.js'
import { runWebhookQueue } from './delivery/runWebhookQueue.js'
import { WEBHOOK_DELIVERY_JOB } from './delivery/WEBHOOK_DELIVERY_JOB.js'
import { subscribes } from './subscriptions/subscribes.js'

/**
 * Wires webhook delivery into a new sandbox: every recorded event goes into the outbox of each enabled
 * subscription of the same client that selects its category, and the delivery job runs the queues on
 * the sandbox clock. Events are emitted inside the write that causes them, so queueing is a store write
 * and never waits for a receiver.
 */
export function installWebhooks(sandbox: UpvestContext): void {
  // The job's `due` (a whole second) is when the attempt is recorded, however late a timer ran the job.
  sandbox.scheduler.register(WEBHOOK_DELIVERY_JOB, (payload, job) =>
    runWebhookQueue(
      sandbox,
      String(payload.webhook_id),
      typeof payload.due === 'number' ? payload.due : Math.floor(Date.parse(job.due_at) / 1000) * 1000,
    ),
  )
  const fanOut = async (event: UpvestEvent) => {
    for (const webhook of [...sandbox.store.upvestWebhooks.all()]) {
      if (webhook.client_id !== event.client_id || !webhook.enabled || !subscribes(webhook, event.type)) continue
      await batchEvent(sandbox, webhook, toWebhookEvent(event, webhook.id))
    }
  }
  accountGroupEvents(sandbox).subscribe((event) =>
    sandbox.store.upvestWebhooks.size === 0 ? undefined : fanOut(event),
  )
}
