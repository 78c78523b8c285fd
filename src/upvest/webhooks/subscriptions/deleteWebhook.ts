import type { UpvestContext } from '../../UpvestContext.js'
import { findWebhook } from './findWebhook.js'

/**
 * Removes a subscription (docs/upvest.md#webhook-subscriptions). Its batches that were never delivered go with it, since nothing can
 * send them any more; delivered ones stay in the outbox as history.
 */
export async function deleteWebhook(sandbox: UpvestContext, clientId: string, id: string): Promise<void> {
  findWebhook(sandbox, id, clientId)
  const { upvestDeliveries, upvestWebhooks } = sandbox.store
  for (const delivery of [...upvestDeliveries.all()]) {
    if (delivery.webhook_id === id && delivery.state !== 'delivered') upvestDeliveries.delete(delivery.id)
  }
  upvestWebhooks.delete(id)
}
