import type { UpvestWebhook } from '../../../store/schemas.js'

/**
 * Whether a subscription wants an event type: its `type` list names the event's category (the part
 * before the dot, `ACCOUNT_GROUP` for `ACCOUNT_GROUP.CLOSED`) or `ALL`.
 */
export function subscribes(webhook: Pick<UpvestWebhook, 'type'>, eventType: string): boolean {
  const category = eventType.split('.')[0] as string
  return webhook.type.includes('ALL') || webhook.type.includes(category)
}
