import { exclusive } from '../../idempotency/exclusive.js'
import type { UpvestContext } from '../../UpvestContext.js'
import { signDelivery } from '../signing/signDelivery.js'
import { deliveryBody } from './deliveryBody.js'
import { recordAttempt } from './recordAttempt.js'
import type { AttemptOutcome } from './sendDelivery.js'
import { sendDelivery } from './sendDelivery.js'
import { webhookQueue } from './webhookQueue.js'

/**
 * Works through a subscription's queue at sandbox time `at` (docs/webhooks.md#delivery): while its oldest undelivered batch is
 * due, send it; a 2xx moves on to the next batch, a failure stops the queue until that batch's retry,
 * so later batches wait behind it. A disabled subscription's queue waits until it is enabled again.
 *
 * An attempt is recorded at `at` (the time its job stands for), or at the batch's own due time when that
 * is later, so the outbox shows the schedule itself rather than the lateness of the server's timer. The HTTP
 * exchange runs outside `exclusive`: the API keeps answering while a receiver is slow, and a receiver
 * may call the API back.
 */
export async function runWebhookQueue(sandbox: UpvestContext, webhookId: string, at: number): Promise<void> {
  for (;;) {
    const next = await exclusive(sandbox, async () => {
      const webhook = sandbox.store.upvestWebhooks.get(webhookId)
      const head = webhookQueue(sandbox, webhookId).find((delivery) => delivery.state !== 'delivered')
      if (!webhook?.enabled || !head?.next_attempt_at) return null
      const due = Date.parse(head.next_attempt_at)
      if (due > sandbox.now()) return null
      return { url: webhook.url, delivery: head, at: Math.max(at, due) }
    })
    if (!next) return
    const outcome = await attempt(
      sandbox.seed,
      next.url,
      deliveryBody(next.delivery.events as { created_at: string }[]),
    )
    const delivered = await exclusive(sandbox, () => recordAttempt(sandbox, next.delivery.id, next.at, outcome))
    if (!delivered) return
    at = next.at
  }
}

async function attempt(seed: number, url: string, body: string): Promise<AttemptOutcome> {
  try {
    return await sendDelivery(url, await signDelivery(seed, url, body), body)
  } catch (error) {
    // A URL that cannot be requested at all (a scenario may hold anything) fails like a refused connection.
    return { status: null, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }
  }
}
