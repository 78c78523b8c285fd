import { z } from 'zod'

/** RFC 3339 timestamp in UTC with a `Z`, the only form the sandbox stores. */
export const timestamp = z.iso.datetime()

/** An optional rate limit: at most `limit` requests per `window` of sandbox time, then 429. */
export const rateLimit = z
  .object({ limit: z.number().int().positive(), window: z.string().regex(/^[1-9][0-9]*(ms|s|m|h|d)$/) })
  .nullable()
  .default(null)

// ---- Upvest -----------------------------------------------------------------

export const upvestScope = z.enum([
  'accounts:read',
  'accounts:admin',
  'users:read',
  'users:admin',
  'webhooks:read',
  'webhooks:admin',
])
export type UpvestScope = z.infer<typeof upvestScope>

export const upvestClient = z.object({
  id: z.uuid(),
  name: z.string(),
  client_secret: z.string().min(1).max(1000),
  scopes: z.array(upvestScope),
  /** Public JWK (EC P-256) that verifies this client's request signatures when checks are on. */
  public_key: z.record(z.string(), z.unknown()).optional(),
  /** Optional rate limit per `upvest-client-id`: at most `limit` requests per `window` of sandbox time, then 429. */
  rate_limit: rateLimit,
})
export type UpvestClient = z.infer<typeof upvestClient>

export const upvestUserStatus = z.enum(['ACTIVE', 'INACTIVE', 'OFFBOARDING', 'OFFBOARDED'])

export const upvestUser = z.object({
  id: z.uuid(),
  client_id: z.uuid(),
  created_at: timestamp,
  updated_at: timestamp,
  first_name: z.string().min(2).max(100),
  last_name: z.string().min(2).max(100),
  birth_date: z.iso.date(),
  nationalities: z.array(z.string().regex(/^[A-Z]{2}$/)).min(1),
  email: z.string().max(100),
  address: z.object({
    address_line1: z.string(),
    postcode: z.string(),
    city: z.string(),
    country: z.string().regex(/^[A-Z]{2}$/),
  }),
  status: upvestUserStatus,
})
export type UpvestUser = z.infer<typeof upvestUser>

export const accountGroupType = z.enum(['PERSONAL', 'LEGAL_ENTITY', 'FRENCH_PEA', 'ISA', 'CHILD'])
export type AccountGroupType = z.infer<typeof accountGroupType>
export const accountGroupStatus = z.enum(['PENDING_APPROVAL', 'ACTIVE', 'CLOSING', 'CLOSED', 'LOCKED'])
export type AccountGroupStatus = z.infer<typeof accountGroupStatus>
export const accountGroupUserType = z.enum(['OWNER', 'CHILD', 'GUARDIAN'])
export const closureReason = z.enum([
  'dunning',
  'power_of_attorney',
  'loss_of_legal_capacity',
  'aml',
  'risk_based',
  'contract_breach',
  'user_initiated',
])

/** The seven fields Upvest returns, exactly. */
export const accountGroup = z.object({
  id: z.uuid(),
  created_at: timestamp,
  updated_at: timestamp,
  users: z.array(z.object({ id: z.uuid(), type: accountGroupUserType })),
  status: accountGroupStatus,
  type: accountGroupType,
  securities_account_number: z.string().regex(/^[0-9]{9}$/),
})
export type AccountGroup = z.infer<typeof accountGroup>

/** An account group as stored: the public object plus its tenant and closure bookkeeping. */
export const upvestAccountGroupRecord = accountGroup.extend({
  client_id: z.uuid(),
  closure_reason: closureReason.nullable().default(null),
})
export type UpvestAccountGroupRecord = z.infer<typeof upvestAccountGroupRecord>

export const upvestToken = z.object({
  id: z.string(),
  client_id: z.uuid(),
  scopes: z.array(upvestScope),
  expires_at: timestamp,
})
export type UpvestToken = z.infer<typeof upvestToken>

export const upvestIdempotencyRecord = z.object({
  /** `<client id>:<idempotency key>`: keys are per client. */
  id: z.string(),
  request_hash: z.string(),
  status: z.number().int(),
  body: z.unknown(),
  created_at: timestamp,
})
export type UpvestIdempotencyRecord = z.infer<typeof upvestIdempotencyRecord>

export const upvestEventType = z.enum([
  'ACCOUNT_GROUP.CREATED',
  'ACCOUNT_GROUP.ACTIVATED',
  'ACCOUNT_GROUP.CLOSING_INITIATED',
  'ACCOUNT_GROUP.CLOSED',
  'ACCOUNT_GROUP.LOCKED',
])
export type UpvestEventType = z.infer<typeof upvestEventType>

/** A domain event, recorded once; webhook delivery copies it per subscription. */
export const upvestEvent = z.object({
  id: z.uuid(),
  client_id: z.uuid(),
  created_at: timestamp,
  type: z.string(),
  object: z.record(z.string(), z.unknown()),
})
export type UpvestEvent = z.infer<typeof upvestEvent>

export const webhookConfig = z.object({
  delay: z.string().regex(/^[1-9][0-9]?[sm]$/),
  max_package_size: z.number().int().min(100).max(1048576),
})

export const upvestWebhook = z.object({
  id: z.uuid(),
  client_id: z.uuid(),
  created_at: timestamp,
  updated_at: timestamp,
  title: z.string().max(100),
  url: z.string().max(1000),
  enabled: z.boolean(),
  type: z.array(z.string()).min(1),
  config: webhookConfig,
})
export type UpvestWebhook = z.infer<typeof upvestWebhook>

export const deliveryAttempt = z.object({
  at: timestamp,
  status: z.number().int().nullable(),
  error: z.string().nullable(),
})

export const upvestDelivery = z.object({
  id: z.uuid(),
  webhook_id: z.uuid(),
  client_id: z.uuid(),
  created_at: timestamp,
  state: z.enum(['pending', 'delivered', 'retrying']),
  events: z.array(z.record(z.string(), z.unknown())),
  attempts: z.array(deliveryAttempt),
  next_attempt_at: timestamp.nullable(),
})
export type UpvestDelivery = z.infer<typeof upvestDelivery>

// ---- Addepar ----------------------------------------------------------------

export const addeparScope = z.enum(['GROUPS', 'GROUPS_WRITE', 'ENTITIES', 'ENTITIES_WRITE'])
export type AddeparScope = z.infer<typeof addeparScope>

export const addeparFirm = z.object({
  id: z.string().regex(/^[0-9]+$/),
  name: z.string(),
  /** Optional per-firm rate limit (docs/addepar.md#rate-limit): at most `limit` requests per `window` of sandbox time. */
  rate_limit: rateLimit,
})
export type AddeparFirm = z.infer<typeof addeparFirm>

export const addeparPermissions = z.object({
  manage_groups: z.boolean(),
  /** `all`, or the entity ids the user may see (docs/addepar.md#portfolio-access). */
  portfolio_access: z.union([z.literal('all'), z.array(z.string())]),
  /** Groups of permissioned group types granted explicitly (docs/addepar.md#portfolio-access). */
  group_access: z.union([z.literal('all'), z.array(z.string())]).default('all'),
})
export type AddeparPermissions = z.infer<typeof addeparPermissions>

export const addeparUser = z.object({
  id: z.string(),
  firm_id: z.string(),
  name: z.string(),
  api_key: z.string().min(1),
  api_secret: z.string().min(1),
  permissions: addeparPermissions,
  tokens: z.array(z.object({ token: z.string().min(1), scopes: z.array(addeparScope) })),
})
export type AddeparUser = z.infer<typeof addeparUser>

export const memberModelType = z.enum([
  'PERSON_NODE',
  'MANAGED_PARTNERSHIP',
  'TRUST',
  'HOLDING_COMPANY',
  'FINANCIAL_ACCOUNT',
])
export const addeparTimestamp = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)

/** The values of `filter[linking_status]` on `GET /v1/entities`, as the Entities page documents them. */
export const linkingStatus = z.enum(['linked', 'unlinked'])
export type LinkingStatus = z.infer<typeof linkingStatus>

export const addeparEntity = z.object({
  id: z.string().regex(/^[0-9]+$/),
  firm_id: z.string(),
  original_name: z.string(),
  display_name: z.string().nullable().default(null),
  model_type: z.string().regex(/^[A-Z_]+$/),
  currency_factor: z.string().nullable().default(null),
  ownership_type: z.enum(['PERCENT_BASED', 'SHARE_BASED', 'VALUE_BASED']).nullable().default(null),
  is_rolled_up: z.boolean().nullable().default(null),
  created_at: addeparTimestamp,
  modified_at: addeparTimestamp,
  /**
   * Whether an online account (`FINANCIAL_ACCOUNT`) is linked to an owner; null for every other entity. Data
   * for `filter[linking_status]` only: the Entities page lists no such attribute, so no resource shows it.
   * Seeding gives an account without one `linked`.
   */
  linking_status: linkingStatus.nullable().default(null),
})
export type AddeparEntity = z.infer<typeof addeparEntity>

export const addeparGroupType = z.object({
  /** `<firm id>:<group type key>`: keys are per firm. */
  id: z.string(),
  firm_id: z.string(),
  group_type_key: z.string().min(1),
  display_name: z.string(),
  is_permissioned_resource: z.boolean(),
  built_in: z.boolean().default(false),
})
export type AddeparGroupType = z.infer<typeof addeparGroupType>

export const addeparGroup = z.object({
  id: z.string().regex(/^[0-9]+$/),
  firm_id: z.string(),
  name: z.string(),
  group_type: z.string(),
  members: z.array(z.string()),
  child_groups: z.array(z.string()),
  created_at: addeparTimestamp,
  modified_at: addeparTimestamp,
  /** `external_id_<key>` and `_custom_<name>_<id>` attributes, stored and returned as given. */
  extra_attributes: z.record(z.string(), z.unknown()).default({}),
})
export type AddeparGroup = z.infer<typeof addeparGroup>

// ---- Sandbox ----------------------------------------------------------------

/** A job the scheduler runs when the sandbox clock reaches `due_at`. Data, so it snapshots. */
export const scheduledJob = z.object({
  id: z.string(),
  due_at: timestamp,
  kind: z.string(),
  payload: z.record(z.string(), z.unknown()),
})
export type ScheduledJob = z.infer<typeof scheduledJob>
