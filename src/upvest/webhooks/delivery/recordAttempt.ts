import { toTimestamp } from '../../../sandbox/time/Clock.js'
import type { UpvestContext } from '../../UpvestContext.js'
import { forgetDeliveredBatches } from './forgetDeliveredBatches.js'
import { retryDelay } from './retryDelay.js'
import type { AttemptOutcome } from './sendDelivery.js'
import { WEBHOOK_DELIVERY_JOB } from './WEBHOOK_DELIVERY_JOB.js'

/**
 * Attempts a batch keeps at most, the newest (docs/control-api.md#bounds): a receiver down for a week would
 * otherwise add 144 a day to its batch for ever. Well past the 14th failure, from which every retry waits
 * the longest delay, so counting the attempts kept still gives the right delay.
 */
export const MAX_ATTEMPTS_KEPT = 100

/**
 * Writes one attempt into the outbox (docs/webhooks.md#outbox) and settles what follows: a 2xx delivers the batch; anything
 * else leaves it `retrying`, due again after the next step of the retry schedule counted from this
 * attempt, with the delivery job scheduled for then. Returns whether the batch is now delivered. A
 * delivery makes the outbox forget the delivered batches past their bounds.
 */
export async function recordAttempt(
  sandbox: UpvestContext,
  id: string,
  at: number,
  outcome: AttemptOutcome,
): Promise<boolean> {
  const delivery = sandbox.store.upvestDeliveries.get(id)
  // Gone (its subscription was deleted meanwhile) or already delivered: nothing to settle.
  if (!delivery || delivery.state === 'delivered') return false
  const delivered = outcome.status !== null && outcome.status >= 200 && outcome.status < 300
  const next = delivered ? null : at + retryDelay(delivery.attempts.length + 1)
  await sandbox.store.upvestDeliveries.update(id, (draft) => {
    draft.attempts.push({ at: toTimestamp(at), status: outcome.status, error: outcome.error })
    draft.attempts.splice(0, draft.attempts.length - MAX_ATTEMPTS_KEPT)
    draft.state = delivered ? 'delivered' : 'retrying'
    draft.next_attempt_at = next === null ? null : toTimestamp(next)
  })
  if (delivered) forgetDeliveredBatches(sandbox)
  if (next !== null) {
    await sandbox.scheduler.schedule(WEBHOOK_DELIVERY_JOB, Math.max(0, next - sandbox.now()), {
      webhook_id: delivery.webhook_id,
      due: next,
    })
  }
  return delivered
}
