import type { UpvestWebhook } from '../../../store/schemas.js'
import { UpvestError } from '../../protocol/UpvestError.js'
import type { UpvestContext } from '../../UpvestContext.js'

/**
 * A subscription by id, seen by one tenant: unknown, malformed and other clients' ids are the same 404
 * (as for account groups, docs/upvest.md#tenancy), so a client cannot probe for subscriptions that are not its own.
 */
export function findWebhook(sandbox: UpvestContext, id: string, clientId: string): UpvestWebhook {
  const webhook = sandbox.store.upvestWebhooks.get(id)
  if (!webhook || webhook.client_id !== clientId) throw new UpvestError(404, `Webhook ${id} not found`)
  return webhook
}
