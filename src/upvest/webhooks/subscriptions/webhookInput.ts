import { z } from 'zod'
import { webhookType } from '../../resources.js'

/** What a subscription gets when its create request leaves `config` (or part of it) out. */
export const DEFAULT_WEBHOOK_CONFIG = { delay: '5s', max_package_size: 10240 } as const

/**
 * The fields of a subscription request (docs/upvest.md#webhook-subscriptions, #webhook-urls), shared by create and update. URLs may be plain
 * `http` and point at loopback addresses (docs/upvest.md#webhook-urls); anything but an absolute http(s) URL is a 400.
 */
export const webhookInput = {
  title: z.string().max(100),
  url: z
    .string()
    .max(1000)
    .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), {
      error: 'must be an absolute http or https URL',
    })
    .refine((value) => !URL.canParse(value) || (new URL(value).username === '' && new URL(value).password === ''), {
      error: 'must not contain credentials',
    }),
  enabled: z.boolean(),
  type: z
    .array(webhookType)
    .min(1, { error: 'must name at least one type' })
    .transform((types) => [...new Set(types)]),
  config: z.strictObject({
    delay: z
      .string()
      .regex(/^[1-9][0-9]?[sm]$/, { error: 'must be 1-99 seconds or minutes, e.g. "5s" or "1m"' })
      .optional(),
    max_package_size: z.number().int().min(100).max(1048576).optional(),
  }),
}
