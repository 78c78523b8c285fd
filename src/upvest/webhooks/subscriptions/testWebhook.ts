import type { UpvestDelivery } from '../../../store/schemas.js'
import type { UpvestContext } from '../../UpvestContext.js'
import { openBatch } from '../batching/openBatch.js'
import { findWebhook } from './findWebhook.js'
import { toWebhook } from './toWebhook.js'

/** The type of the event `POST /webhooks/{id}/test` sends. */
export const TEST_EVENT_TYPE = 'WEBHOOK.TEST'

/**
 * `POST /webhooks/{id}/test` (docs/upvest.md#webhook-subscriptions): queues a batch of one `WEBHOOK.TEST` event whose `object` is the
 * subscription, due at once. It is an ordinary batch: signed, retried on failure, and behind any batch
 * of the subscription that is still failing.
 */
export async function testWebhook(sandbox: UpvestContext, clientId: string, id: string): Promise<UpvestDelivery> {
  const webhook = findWebhook(sandbox, id, clientId)
  const event = {
    id: sandbox.ids.uuid(),
    created_at: sandbox.timestamp(),
    type: TEST_EVENT_TYPE,
    object: { ...toWebhook(webhook) },
    webhook_id: webhook.id,
  }
  return openBatch(sandbox, webhook, [event], Math.floor(sandbox.now() / 1000) * 1000)
}
