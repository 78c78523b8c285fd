import { z } from 'zod'
import { addeparTimestamp } from '../../store/schemas.js'

// What the Addepar side of the sandbox sends, as zod schemas: the one source of the TypeScript types the
// handlers return and of the response schemas in the OpenAPI document (src/addepar/openapi/openapi.ts).

/** Every link the sandbox emits is a relative `/v1/...` path (docs/addepar.md#links). */
const link = z.string().regex(/^\/v1\//)
const numericId = z.string().regex(/^[0-9]+$/)

const identifier = <T extends string>(type: T, id: z.ZodString = z.string()) => z.object({ type: z.literal(type), id })
const relationship = <T extends z.ZodType>(data: T) =>
  z.object({ links: z.object({ self: link, related: link }), data })

export const entityIdentifier = identifier('entities', numericId)
export const groupIdentifier = identifier('groups', numericId)
export const groupTypeIdentifier = identifier('group_types')

/** A custom attribute's value: dated, weighted values, all three keys required (docs/addepar.md#attributes). */
export const customAttributeValue = z.array(
  z.strictObject({ date: z.iso.date().nullable(), value: z.unknown(), weight: z.number() }),
)

/** Names a group attribute may have: the three standard ones, external ids and custom attributes (2.1). */
export const GROUP_ATTRIBUTE_NAME =
  '^(name|created_at|modified_at|external_id_[A-Za-z0-9_]+|_custom_[A-Za-z0-9_]+_[0-9]+)$'

/**
 * A group's attributes. All are optional because `fields[groups]` picks them; without it `name`,
 * `created_at` and `modified_at` are always there. Beyond those, `external_id_<key>` (a string) and
 * `_custom_<name>_<id>` (dated values) attributes, and nothing else.
 */
export const groupAttributes = z
  .object({
    name: z.string().optional(),
    created_at: addeparTimestamp.optional(),
    modified_at: addeparTimestamp.optional(),
  })
  .catchall(z.union([z.string(), customAttributeValue]))
  .meta({ propertyNames: { pattern: GROUP_ATTRIBUTE_NAME } })

/** A group (docs/addepar.md#group-resource). */
export const groupResource = z.object({
  type: z.literal('groups'),
  id: numericId,
  attributes: groupAttributes,
  relationships: z.object({
    members: relationship(z.array(entityIdentifier)),
    group_type: relationship(groupTypeIdentifier),
    child_groups: relationship(z.array(groupIdentifier)),
  }),
  links: z.object({ self: link }),
})
export type GroupResource = z.infer<typeof groupResource>

/** A group type (2.2); its id is its key. */
export const groupTypeResource = z.object({
  id: z.string(),
  type: z.literal('group_types'),
  attributes: z.object({
    group_type_key: z.string(),
    display_name: z.string(),
    is_permissioned_resource: z.boolean(),
  }),
  links: z.object({ self: link }),
})
export type GroupTypeResource = z.infer<typeof groupTypeResource>

/** An entity (docs/addepar.md#members, #entities). Attributes without a value, or left out by `fields[entities]`, are absent. */
export const entityResource = z.object({
  id: numericId,
  type: z.literal('entities'),
  attributes: z.object({
    original_name: z.string().optional(),
    display_name: z.string().optional(),
    model_type: z
      .string()
      .regex(/^[A-Z_]+$/)
      .optional(),
    currency_factor: z.string().optional(),
    ownership_type: z.enum(['PERCENT_BASED', 'SHARE_BASED', 'VALUE_BASED']).optional(),
    is_rolled_up: z.boolean().optional(),
    created_at: addeparTimestamp.optional(),
    modified_at: addeparTimestamp.optional(),
  }),
  links: z.object({ self: link }),
})
export type EntityResource = z.infer<typeof entityResource>

/** `included` is always empty: the sandbox includes nothing (2.4). */
const included = z.array(z.never()).max(0)

/** A single-resource document: `{data, included: []}`. */
export const singleDocument = <T extends z.ZodType>(resource: T) => z.object({ data: resource, included })
/** A collection document: `{data: [...], included: [], links: {next}}`, `next` relative or null (docs/addepar.md#pagination). */
export const collectionDocument = <T extends z.ZodType>(resource: T) =>
  z.object({ data: z.array(resource), included, links: z.object({ next: link.nullable() }) })
/** The result of a bulk create or bulk update: `{data: [...], included: []}`. */
export const arrayDocument = <T extends z.ZodType>(resource: T) => z.object({ data: z.array(resource), included })
/** `GET /v1/groups/:id/relationships/members`: identifiers only. */
export const memberIdentifiersDocument = z.object({ data: z.array(entityIdentifier) })

/** One JSON:API error (docs/addepar.md#errors): `status` a string, `source` naming the body member or query parameter at fault. */
export const jsonApiErrorObject = z.object({
  status: z.string().regex(/^[45][0-9]{2}$/),
  title: z.string(),
  detail: z.string(),
  source: z.union([z.object({ pointer: z.string() }), z.object({ parameter: z.string() })]).optional(),
})
export type JsonApiErrorObject = z.infer<typeof jsonApiErrorObject>
/** An error document: `{"errors": [...]}`. */
export const errorDocument = z.object({ errors: z.array(jsonApiErrorObject).min(1) })
export type ErrorDocument = z.infer<typeof errorDocument>
