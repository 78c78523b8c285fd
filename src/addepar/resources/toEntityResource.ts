import type { AddeparEntity } from '../../store/schemas.js'
import type { EntityResource } from './resources.js'

/** The attributes an entity shows by default: those of the documented member and entity examples (docs/addepar.md#members). */
const DEFAULT_ATTRIBUTES = [
  'original_name',
  'display_name',
  'model_type',
  'currency_factor',
  'ownership_type',
  'is_rolled_up',
] as const

/** Every attribute `fields[entities]` may name: the defaults plus the read-only timestamps (docs/addepar.md#entities). */
export const ENTITY_ATTRIBUTES = [...DEFAULT_ATTRIBUTES, 'created_at', 'modified_at'] as const

/**
 * A stored entity as the Entities page shows it (docs/addepar.md#members, #entities). Attributes without a value are left out, as in
 * the documented member list (a client has no `ownership_type`); `fields` is a parsed `fields[entities]`.
 */
export function toEntityResource(
  entity: AddeparEntity,
  fields: readonly string[] = DEFAULT_ATTRIBUTES,
): EntityResource {
  const attributes: Record<string, unknown> = {}
  for (const field of fields) {
    const value = entity[field as (typeof ENTITY_ATTRIBUTES)[number]]
    if (value !== null && value !== undefined) attributes[field] = value
  }
  return {
    id: entity.id,
    type: 'entities',
    attributes: attributes as EntityResource['attributes'],
    links: { self: `/v1/entities/${entity.id}` },
  }
}
