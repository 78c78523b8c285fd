import type { AddeparGroupType } from '../../store/schemas.js'
import type { GroupTypeResource } from './resources.js'

/** A stored group type as the Group Types page shows it: its id is its key (2.2). */
export function toGroupTypeResource(type: AddeparGroupType): GroupTypeResource {
  return {
    id: type.group_type_key,
    type: 'group_types' as const,
    attributes: {
      group_type_key: type.group_type_key,
      display_name: type.display_name,
      is_permissioned_resource: type.is_permissioned_resource,
    },
    links: { self: `/v1/group_types/${type.group_type_key}` },
  }
}
