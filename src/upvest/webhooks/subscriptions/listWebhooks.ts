import type { UpvestWebhook } from '../../../store/schemas.js'
import { type ListPage, type ListQuery, listQuery, paginate } from '../../protocol/paginate.js'
import type { UpvestContext } from '../../UpvestContext.js'
import { toWebhook, type Webhook } from './toWebhook.js'

/** The query of `GET /webhooks`: the list rules (docs/upvest.md#lists) over the five documented sort fields. */
export const webhookListQuery = listQuery(['created_at', 'updated_at', 'title', 'url', 'enabled'])
export type WebhookListQuery = ListQuery & { sort: 'created_at' | 'updated_at' | 'title' | 'url' | 'enabled' }

/**
 * One page of a client's subscriptions, sorted by the requested field with ties broken by id (docs/upvest.md#lists). A
 * client has a handful of subscriptions, so they are sorted per request rather than indexed.
 */
export function listWebhooks(sandbox: UpvestContext, clientId: string, query: WebhookListQuery): ListPage<Webhook> {
  const own = [...sandbox.store.upvestWebhooks.all()].filter((webhook) => webhook.client_id === clientId)
  const key = (webhook: UpvestWebhook) => String(webhook[query.sort])
  own.sort((a, b) => compare(key(a), key(b)) || compare(a.id, b.id))
  return paginate(own, query, toWebhook)
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
