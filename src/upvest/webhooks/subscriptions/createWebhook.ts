import { z } from 'zod'
import type { UpvestContext } from '../../UpvestContext.js'
import { toWebhook, type Webhook } from './toWebhook.js'
import { DEFAULT_WEBHOOK_CONFIG, webhookInput } from './webhookInput.js'

/** The body of `POST /webhooks` (docs/upvest.md#webhook-subscriptions): `title` and `url` required, `type` and `config` optional. */
export const createWebhookRequest = z.strictObject({
  title: webhookInput.title,
  url: webhookInput.url,
  type: webhookInput.type.optional(),
  config: webhookInput.config.optional(),
})
export type CreateWebhookRequest = z.infer<typeof createWebhookRequest>

/**
 * Subscribes one client to events (docs/upvest.md#webhook-subscriptions): enabled at once, `type` `["ALL"]` and the `5s` / 10 KiB
 * batching config unless given; a partial `config` keeps the default for the part left out.
 */
export async function createWebhook(
  sandbox: UpvestContext,
  clientId: string,
  request: CreateWebhookRequest,
): Promise<Webhook> {
  const now = sandbox.timestamp()
  const record = await sandbox.store.upvestWebhooks.insert({
    id: sandbox.ids.uuid(),
    client_id: clientId,
    created_at: now,
    updated_at: now,
    title: request.title,
    url: request.url,
    enabled: true,
    type: request.type ?? ['ALL'],
    config: { ...DEFAULT_WEBHOOK_CONFIG, ...request.config },
  })
  return toWebhook(record)
}
