import { parseDuration } from '../../../sandbox/time/parseDuration.js'
import type { UpvestDelivery, UpvestWebhook } from '../../../store/schemas.js'
import type { UpvestContext } from '../../UpvestContext.js'
import { webhookQueue } from '../delivery/webhookQueue.js'
import { openBatch } from './openBatch.js'
import { packageSize } from './packageSize.js'
import type { WebhookEvent } from './toWebhookEvent.js'

/**
 * Puts one event into a subscription's outbox (docs/webhooks.md#delivery). A batch collects events for `config.delay` from the
 * `created_at` of its first event and is sent then; until that moment the subscription's newest batch
 * takes each new event, unless the event would make its body larger than `config.max_package_size`, in
 * which case the event starts the next batch. An event too large on its own still goes, alone. Only the
 * newest batch ever grows, so a later batch never holds an older event than an earlier one.
 */
export async function batchEvent(
  sandbox: UpvestContext,
  webhook: UpvestWebhook,
  event: WebhookEvent,
): Promise<UpvestDelivery> {
  const open = webhookQueue(sandbox, webhook.id).at(-1)
  if (
    open?.state === 'pending' &&
    open.attempts.length === 0 &&
    open.next_attempt_at !== null &&
    sandbox.now() < Date.parse(open.next_attempt_at) &&
    packageSize([...open.events, event] as WebhookEvent[]) <= webhook.config.max_package_size
  ) {
    return sandbox.store.upvestDeliveries.update(open.id, (draft) => {
      draft.events.push({ ...event })
    })
  }
  return openBatch(sandbox, webhook, [event], Date.parse(event.created_at) + parseDuration(webhook.config.delay))
}
