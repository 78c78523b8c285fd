import type { UpvestContext } from '../../UpvestContext.js'

/** Delivered batches a sandbox keeps at most (docs/control-api.md#bounds); the oldest go first. */
export const MAX_DELIVERED_BATCHES = 500
/** How long, in sandbox time after its delivery, a delivered batch stays in the outbox (docs/control-api.md#bounds). */
export const DELIVERED_RETENTION_MS = 24 * 60 * 60 * 1000

/**
 * Deletes delivered batches from the outbox (docs/webhooks.md#outbox) once they are a day past their
 * delivery or more than `MAX_DELIVERED_BATCHES` of them are held, oldest first. Batches still to deliver
 * are never touched: they are the queue, and Upvest retries without limit. A scan of the outbox, as
 * queueing an event already is; called each time a batch is delivered.
 */
export function forgetDeliveredBatches(sandbox: UpvestContext): void {
  const table = sandbox.store.upvestDeliveries
  const cutoff = sandbox.now() - DELIVERED_RETENTION_MS
  const delivered = [...table.all()].filter((delivery) => delivery.state === 'delivered')
  const excess = delivered.length - MAX_DELIVERED_BATCHES
  for (const [i, delivery] of delivered.entries()) {
    // A delivered batch's last attempt is the one that delivered it.
    const deliveredAt = Date.parse(delivery.attempts.at(-1)?.at ?? delivery.created_at)
    if (i < excess || deliveredAt <= cutoff) table.delete(delivery.id)
  }
}
