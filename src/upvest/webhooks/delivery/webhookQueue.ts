import type { UpvestDelivery } from '../../../store/schemas.js'
import type { UpvestContext } from '../../UpvestContext.js'

/**
 * The batches of one subscription, oldest first. The outbox table keeps records in the order they were
 * created (snapshots and restores keep that order), which is the order they are delivered in.
 */
export function webhookQueue(sandbox: UpvestContext, webhookId: string): UpvestDelivery[] {
  return [...sandbox.store.upvestDeliveries.all()].filter((delivery) => delivery.webhook_id === webhookId)
}
