import type { AddeparGroup } from '../../store/schemas.js'
import { groupTypeOf } from '../groupTypes/groupTypeOf.js'
import { readGroupAttributes } from '../resources/readGroupAttributes.js'
import type { GroupCreate } from '../resources/requestBodies.js'
import type { AddeparContext } from '../routes/createContext.js'
import { resolveChildGroups } from './resolveChildGroups.js'
import { resolveMembers } from './resolveMembers.js'

/**
 * Creates one group (`data` an object) or several (an array), all or nothing: every item is checked
 * before the first is written (docs/addepar.md#create-groups, #update-groups). New groups cannot close a cycle, since no group points at them.
 */
export async function createGroups(ctx: AddeparContext, data: GroupCreate | readonly GroupCreate[]) {
  const items = Array.isArray(data) ? data : [data as GroupCreate]
  const planned = items.map((item, i) => {
    const at = Array.isArray(data) ? `/data/${i}` : '/data'
    const { extra } = readGroupAttributes(item.attributes, `${at}/attributes`)
    const relationships = `${at}/relationships`
    const type = groupTypeOf(ctx, item.relationships.group_type.data.id, `${relationships}/group_type/data/id`)
    return {
      name: item.attributes.name,
      group_type: type.group_type_key,
      members: resolveMembers(ctx, item.relationships.members?.data ?? [], `${relationships}/members/data`),
      child_groups: resolveChildGroups(
        ctx,
        undefined,
        item.relationships.child_groups?.data ?? [],
        `${relationships}/child_groups/data`,
      ),
      extra_attributes: Object.fromEntries(Object.entries(extra).filter(([, value]) => value !== null)),
    }
  })
  const now = ctx.now()
  const created: AddeparGroup[] = []
  for (const group of planned) {
    created.push(
      ctx.store.addeparGroups.add({
        id: ctx.nextGroupId(),
        firm_id: ctx.firmId,
        name: group.name,
        group_type: group.group_type,
        members: group.members,
        child_groups: group.child_groups,
        created_at: now,
        modified_at: now,
        extra_attributes: group.extra_attributes,
      }),
    )
  }
  return created
}
