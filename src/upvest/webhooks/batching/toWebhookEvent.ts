import type { UpvestEvent } from '../../../store/schemas.js'

/** One event as a delivery carries it (docs/upvest.md#account-group-events): the domain event plus the subscription that delivers it. */
export interface WebhookEvent {
  id: string
  created_at: string
  type: string
  object: Record<string, unknown>
  webhook_id: string
}

/** The domain event as `webhook_id`'s copy; the event id stays the same, receivers deduplicate on it. */
export function toWebhookEvent(event: UpvestEvent, webhookId: string): WebhookEvent {
  return { id: event.id, created_at: event.created_at, type: event.type, object: event.object, webhook_id: webhookId }
}
