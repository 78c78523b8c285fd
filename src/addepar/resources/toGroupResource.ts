import type { AddeparGroup } from '../../store/schemas.js'
import type { GroupResource } from './resources.js'

/**
 * A stored group as the JSON:API resource of the Groups page (docs/addepar.md#group-resource); links are relative `/v1/...`.
 * `fields` is a parsed `fields[groups]`: only those attributes, in that order (`[]`: none).
 */
export function toGroupResource(group: AddeparGroup, fields?: readonly string[]): GroupResource {
  const self = `/v1/groups/${group.id}`
  const all: GroupResource['attributes'] = {
    name: group.name,
    created_at: group.created_at,
    modified_at: group.modified_at,
    ...(group.extra_attributes as GroupResource['attributes']),
  }
  return {
    type: 'groups' as const,
    id: group.id,
    attributes: fields
      ? (Object.fromEntries(fields.filter((f) => f in all).map((f) => [f, all[f]])) as GroupResource['attributes'])
      : all,
    relationships: {
      members: {
        links: { self: `${self}/relationships/members`, related: `${self}/members` },
        data: group.members.map((id) => ({ type: 'entities' as const, id })),
      },
      group_type: {
        links: { self: `${self}/relationships/group_type`, related: `${self}/group_type` },
        data: { type: 'group_types' as const, id: group.group_type },
      },
      child_groups: {
        links: { self: `${self}/relationships/child_groups`, related: `${self}/child_groups` },
        data: group.child_groups.map((id) => ({ type: 'groups' as const, id })),
      },
    },
    links: { self },
  }
}
