import { z } from 'zod'
import type { UpvestContext } from '../../UpvestContext.js'
import { WEBHOOK_DELIVERY_JOB } from '../delivery/WEBHOOK_DELIVERY_JOB.js'
import { findWebhook } from './findWebhook.js'
import { toWebhook, type Webhook } from './toWebhook.js'
import { webhookInput } from './webhookInput.js'

/** The body of `PATCH /webhooks/{id}` (docs/upvest.md#webhook-subscriptions): any of `title`, `url`, `enabled`, `type`, `config`. */
export const updateWebhookRequest = z.strictObject({
  title: webhookInput.title.optional(),
  url: webhookInput.url.optional(),
  enabled: webhookInput.enabled.optional(),
  type: webhookInput.type.optional(),
  config: webhookInput.config.optional(),
})
export type UpdateWebhookRequest = z.infer<typeof updateWebhookRequest>

/**
 * Changes a subscription (docs/upvest.md#webhook-subscriptions). `config` is merged into the current one. Events are queued only while a
 * subscription is enabled, and its queue pauses while it is disabled; enabling it again resumes the
 * queue at once, and a new `url` applies to the next attempt, retries included.
 */
export async function updateWebhook(
  sandbox: UpvestContext,
  clientId: string,
  id: string,
  request: UpdateWebhookRequest,
): Promise<Webhook> {
  const current = findWebhook(sandbox, id, clientId)
  if (Object.values(request).every((value) => value === undefined)) return toWebhook(current)
  const updated = await sandbox.store.upvestWebhooks.update(id, (draft) => {
    if (request.title !== undefined) draft.title = request.title
    if (request.url !== undefined) draft.url = request.url
    if (request.enabled !== undefined) draft.enabled = request.enabled
    if (request.type !== undefined) draft.type = request.type
    if (request.config !== undefined) draft.config = { ...draft.config, ...stripUndefined(request.config) }
    draft.updated_at = sandbox.timestamp()
  })
  if (updated.enabled && !current.enabled) {
    await sandbox.scheduler.schedule(WEBHOOK_DELIVERY_JOB, 0, { webhook_id: id })
  }
  return toWebhook(updated)
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}
