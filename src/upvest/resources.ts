import { z } from 'zod'
import { accountGroup, upvestUser, upvestWebhook, webhookConfig } from '../store/schemas.js'

// What the Upvest side of the sandbox sends, as zod schemas: the one source of the TypeScript types the
// handlers return and of the response schemas in the OpenAPI document (src/upvest/openapi/openapi.ts).

export { type AccountGroup, accountGroup } from '../store/schemas.js'

const countryCode = z.string().regex(/^[A-Z]{2}$/)

/** The address of a user (docs/upvest.md#users; lengths and the postcode pattern from Upvest's OpenAPI 1.9.0). */
export const userAddress = z.object({
  address_line1: z.string().max(100),
  postcode: z.string().regex(/^[a-zA-Z0-9\s-]{1,10}$/),
  city: z.string().min(1).max(85),
  country: countryCode,
})

/** The minimal TOL user (docs/upvest.md#users): the stored user without its tenant. */
export const user = upvestUser.omit({ client_id: true }).extend({ address: userAddress })
export type User = z.infer<typeof user>

/** Sort fields and the page envelope of the offset-paginated lists (docs/upvest.md#lists). */
export const sortOrder = z.enum(['ASC', 'DESC'])
export const accountGroupSort = z.enum(['created_at', 'updated_at'])
export const userSort = z.enum(['created_at'])
export const webhookSort = z.enum(['created_at', 'updated_at', 'title', 'url', 'enabled'])

function listPage<T extends z.ZodType, S extends z.ZodType<string>>(item: T, sort: S) {
  return z.object({
    meta: z.object({
      offset: z.int().min(0),
      limit: z.int().min(1).max(1000),
      count: z.int().min(0),
      total_count: z.int().min(0),
      sort,
      order: sortOrder,
    }),
    data: z.array(item),
  })
}

export const accountGroupList = listPage(accountGroup, accountGroupSort)
export const userList = listPage(user, userSort)

/** The reply of `POST /auth/token` (docs/upvest.md#tokens). */
export const tokenResponse = z.object({
  access_token: z.string().max(1000),
  expires_in: z.int().positive(),
  token_type: z.literal('bearer'),
  scope: z.string().max(1000),
})
export type TokenResponse = z.infer<typeof tokenResponse>

/** One public key of `GET /auth/verify_keys` (docs/upvest.md#verify-keys). */
export const verificationKey = z.object({
  kid: z.uuid(),
  kty: z.literal('EC'),
  crv: z.literal('P-521'),
  x: z.string(),
  y: z.string(),
})
export const verificationKeys = z.object({ keys: z.array(verificationKey) })
export type VerificationKeys = z.infer<typeof verificationKeys>

/** Event categories a webhook subscription selects (docs/upvest.md#webhook-subscriptions). */
export const webhookType = z.enum([
  'ALL',
  'USER',
  'USER_CHECK',
  'ORDER',
  'ORDER_CANCELLATION',
  'EXECUTION',
  'POSITION',
  'CASH_BALANCE',
  'ACCOUNT',
  'ACCOUNT_GROUP',
  'REPORT',
  'TREASURY_REPORT',
  'DIRECT_DEBIT',
  'WITHDRAWAL',
  'PORTFOLIO',
  'PORTFOLIO_ALLOCATION',
  'PORTFOLIO_ORDER',
  'CORPORATE_ACTION',
  'ACCOUNT_VALUATION',
  'INTRADAY_ACCOUNT_VALUATION',
  'CASH_TRANSACTION',
  'SECURITY_TRANSACTION',
  'ACCOUNT_LIQUIDATION',
  'ACCOUNT_RETURNS',
  'VIRTUAL_CASH_INCREASE',
  'VIRTUAL_CASH_DECREASE',
  'FEE_COLLECTION',
])
export type WebhookType = z.infer<typeof webhookType>

/** A webhook subscription as the API returns it: all eight fields (docs/upvest.md#webhook-subscriptions). */
export const webhook = upvestWebhook.omit({ client_id: true }).extend({ type: z.array(webhookType).min(1) })
export type Webhook = z.infer<typeof webhook>
export const webhookList = listPage(webhook, webhookSort)

/** `POST /webhooks`: `title` and `url` required, `type` and `config` optional. */
export const webhookCreateRequest = z.strictObject({
  title: z.string().max(100),
  url: z.string().max(1000),
  type: z.array(webhookType).min(1).optional(),
  config: webhookConfig.partial().optional(),
})
/** `PATCH /webhooks/{webhook_id}`: any of the five writable fields. */
export const webhookUpdateRequest = z.strictObject({
  title: z.string().max(100).optional(),
  url: z.string().max(1000).optional(),
  enabled: z.boolean().optional(),
  type: z.array(webhookType).min(1).optional(),
  config: webhookConfig.partial().optional(),
})

/** An account-group event as webhooks deliver it (docs/upvest.md#account-group-events, docs/webhooks.md#delivery). */
export const accountGroupEvent = z.object({
  id: z.uuid(),
  created_at: z.iso.datetime(),
  type: z.enum([
    'ACCOUNT_GROUP.CREATED',
    'ACCOUNT_GROUP.ACTIVATED',
    'ACCOUNT_GROUP.CLOSING_INITIATED',
    'ACCOUNT_GROUP.CLOSED',
    'ACCOUNT_GROUP.LOCKED',
  ]),
  object: accountGroup,
  webhook_id: z.uuid(),
})
/** The event `POST /webhooks/{webhook_id}/test` sends: its `object` is the subscription. */
export const webhookTestEvent = z.object({
  id: z.uuid(),
  created_at: z.iso.datetime(),
  type: z.literal('WEBHOOK.TEST'),
  object: webhook,
  webhook_id: z.uuid(),
})
/** The body of one webhook delivery: a batch of events sorted by `created_at` (docs/webhooks.md#delivery). */
export const webhookDelivery = z.object({ payload: z.array(z.union([accountGroupEvent, webhookTestEvent])).min(1) })

/** An error: RFC 9457 problem details with all six fields filled (docs/upvest.md#error-body). */
export const problemDetails = z.object({
  type: z.url(),
  status: z.int().min(400).max(599),
  title: z.string(),
  detail: z.string(),
  instance: z.string(),
  request_id: z.uuid(),
})
export type ProblemDetails = z.infer<typeof problemDetails>
