import type { UpvestWebhook } from '../../../store/schemas.js'

/** A subscription as the API returns it: the eight documented fields, without the tenant (docs/upvest.md#webhook-subscriptions). */
export type Webhook = Omit<UpvestWebhook, 'client_id'>

export function toWebhook(record: UpvestWebhook): Webhook {
  return {
    id: record.id,
    created_at: record.created_at,
    updated_at: record.updated_at,
    title: record.title,
    url: record.url,
    enabled: record.enabled,
    type: [...record.type],
    config: { ...record.config },
  }
}
