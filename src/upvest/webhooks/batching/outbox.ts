import type { UpvestDelivery } from '../../../store/schemas.js'
import type { UpvestContext } from '../../UpvestContext.js'
import { packageSize } from './packageSize.js'
import type { WebhookEvent } from './toWebhookEvent.js'

/** One batch in the outbox (docs/webhooks.md#outbox). */
export interface OutboxEntry {
  id: string
  webhook_id: string
  client_id: string
  /** The subscription's current URL (where the next attempt goes); `null` once it is deleted. */
  url: string | null
  created_at: string
  /** `pending` (not attempted yet), `retrying` (failed, due again at `next_attempt_at`) or `delivered`. */
  state: UpvestDelivery['state']
  next_attempt_at: string | null
  /** The earlier batch of the same subscription this one waits behind, if any. */
  waiting_for: string | null
  /** Bytes of the body, which `config.max_package_size` limits. */
  size: number
  events: WebhookEvent[]
  attempts: UpvestDelivery['attempts']
}

export interface OutboxFilter {
  webhook_id?: string
  state?: UpvestDelivery['state']
}

/** Every batch, oldest first, with its events and attempts (docs/webhooks.md#outbox); optionally one subscription's or state's. */
export function outbox(sandbox: UpvestContext, filter: OutboxFilter = {}): OutboxEntry[] {
  const heads = new Map<string, string>()
  const entries: OutboxEntry[] = []
  for (const delivery of sandbox.store.upvestDeliveries.all()) {
    const head = heads.get(delivery.webhook_id)
    if (head === undefined && delivery.state !== 'delivered') heads.set(delivery.webhook_id, delivery.id)
    if (filter.webhook_id !== undefined && delivery.webhook_id !== filter.webhook_id) continue
    if (filter.state !== undefined && delivery.state !== filter.state) continue
    entries.push(toOutboxEntry(sandbox, delivery, delivery.state === 'delivered' ? null : (head ?? null)))
  }
  return entries
}

function toOutboxEntry(sandbox: UpvestContext, delivery: UpvestDelivery, waitingFor: string | null): OutboxEntry {
  const events = structuredClone(delivery.events) as unknown as WebhookEvent[]
  return {
    id: delivery.id,
    webhook_id: delivery.webhook_id,
    client_id: delivery.client_id,
    url: sandbox.store.upvestWebhooks.get(delivery.webhook_id)?.url ?? null,
    created_at: delivery.created_at,
    state: delivery.state,
    next_attempt_at: delivery.next_attempt_at,
    waiting_for: waitingFor,
    size: packageSize(events),
    events,
    attempts: delivery.attempts.map((attempt) => ({ ...attempt })),
  }
}
