import { z } from 'zod'
import { accountGroup } from '../../../store/schemas.js'

const identifier = (type: string) => z.object({ type: z.literal(type), id: z.string() })

/** A fixture file: documented payloads in the providers' own formats (loose where the pages are). */
export const fixtureSchema = z.object({
  source: z.string(),
  accountGroups: z.array(accountGroup).default([]),
  groupTypes: z
    .array(
      z.object({
        id: z.string(),
        type: z.literal('group_types'),
        attributes: z.object({
          group_type_key: z.string(),
          display_name: z.string(),
          is_permissioned_resource: z.boolean(),
        }),
      }),
    )
    .default([]),
  groups: z
    .array(
      z.object({
        id: z.string(),
        type: z.literal('groups'),
        attributes: z.looseObject({ name: z.string(), created_at: z.string(), modified_at: z.string() }),
        relationships: z.object({
          members: z.object({ data: z.array(identifier('entities')) }),
          group_type: z.object({ data: identifier('group_types') }),
          child_groups: z.object({ data: z.array(identifier('groups')) }),
        }),
      }),
    )
    .default([]),
  entities: z
    .array(
      z.object({
        id: z.string(),
        type: z.literal('entities'),
        attributes: z.object({
          original_name: z.string(),
          display_name: z.string().optional(),
          model_type: z.string(),
          currency_factor: z.string().optional(),
          ownership_type: z.enum(['PERCENT_BASED', 'SHARE_BASED', 'VALUE_BASED']).optional(),
          is_rolled_up: z.boolean().optional(),
        }),
      }),
    )
    .default([]),
  examples: z.record(z.string(), z.unknown()).default({}),
})
export type Fixture = z.output<typeof fixtureSchema>
