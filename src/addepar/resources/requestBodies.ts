import { z } from 'zod'

// Request bodies of the Addepar routes (docs/addepar.md#routes). Every JSON:API `type` is a literal, so a wrong one is found
// by the schema and answered with 409 (validateBody); everything else wrong is a 400 naming the field.

const nonBlank = z.string().refine((value) => value.trim() !== '', 'must not be blank')

/** A group type key: it is also the group type's id in URLs. */
export const groupTypeKey = z.string().regex(/^[A-Za-z0-9_]+$/, 'must consist of letters, digits and underscores')

const identifier = <T extends string>(type: T) => z.object({ type: z.literal(type), id: z.string().min(1) })
const toMany = <T extends string>(type: T) => z.object({ data: z.array(identifier(type)) })

/** POST, PATCH and DELETE on `/v1/groups/:id/relationships/members`. */
export const membersBody = toMany('entities')
/** POST, PATCH and DELETE on `/v1/groups/:id/relationships/child_groups`. */
export const childGroupsBody = toMany('groups')

const groupCreate = z.object({
  type: z.literal('groups'),
  attributes: z.object({ name: nonBlank }).catchall(z.unknown()),
  relationships: z.object({
    group_type: z.object({ data: identifier('group_types') }),
    members: toMany('entities').optional(),
    child_groups: toMany('groups').optional(),
  }),
})
export type GroupCreate = z.output<typeof groupCreate>

/** `POST /v1/groups` with one group. */
export const createGroupBody = z.object({ data: groupCreate })
/** `POST /v1/groups` with an array. */
export const createGroupsBody = z.object({ data: z.array(groupCreate).min(1) })

const groupUpdate = z.object({
  type: z.literal('groups'),
  id: z.string().min(1),
  attributes: z.object({ name: nonBlank.optional() }).catchall(z.unknown()).optional(),
  relationships: z
    .object({
      group_type: z.object({ data: identifier('group_types') }).optional(),
      members: toMany('entities').optional(),
      child_groups: toMany('groups').optional(),
    })
    .optional(),
})
export type GroupUpdate = z.output<typeof groupUpdate>

/** `PATCH /v1/groups/:id`. */
export const updateGroupBody = z.object({ data: groupUpdate })
/** `PATCH /v1/groups`. */
export const updateGroupsBody = z.object({ data: z.array(groupUpdate).min(1) })

/** `DELETE /v1/groups/:id`, whose body is optional. */
export const deleteGroupBody = z.object({ data: identifier('groups') })
/** `DELETE /v1/groups`. */
export const deleteGroupsBody = z.object({ data: z.array(identifier('groups')).min(1) })

const searchTerms = z.array(nonBlank).min(1)

/** `POST /v1/groups/query` (docs/addepar.md#query). */
export const groupSearchBody = z.object({
  data: z.object({
    type: z.literal('group_search'),
    attributes: z
      .object({
        display_names: searchTerms.optional(),
        group_types: searchTerms.optional(),
        external_ids: z
          .array(z.object({ external_id_type: nonBlank, external_id: z.string() }))
          .min(1)
          .optional(),
      })
      .refine(
        (terms) => terms.display_names || terms.group_types || terms.external_ids,
        'Missing or invalid attribute. One of [display_names, group_types, external_ids] is required.',
      )
      .prefault({}),
  }),
})
export type GroupSearch = z.output<typeof groupSearchBody>['data']['attributes']

/** `POST /v1/group_types`. */
export const createGroupTypeBody = z.object({
  data: z.object({
    type: z.literal('group_types'),
    attributes: z.object({
      group_type_key: groupTypeKey,
      display_name: nonBlank,
      is_permissioned_resource: z.boolean(),
    }),
  }),
})
export type GroupTypeCreate = z.output<typeof createGroupTypeBody>['data']['attributes']

/** `PATCH /v1/group_types/:id`: only `display_name` changes; the others may be repeated unchanged. */
export const updateGroupTypeBody = z.object({
  data: z.object({
    type: z.literal('group_types'),
    id: z.string().optional(),
    attributes: z.object({
      display_name: nonBlank,
      group_type_key: z.string().optional(),
      is_permissioned_resource: z.boolean().optional(),
    }),
  }),
})
export type GroupTypeUpdate = z.output<typeof updateGroupTypeBody>['data']
