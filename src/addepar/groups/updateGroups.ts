import { visibleGroup } from '../auth/visibleGroup.js'
import { groupTypeOf } from '../groupTypes/groupTypeOf.js'
import { AddeparError } from '../jsonapi/AddeparError.js'
import { checkBodyId } from '../jsonapi/checkBodyId.js'
import { readGroupAttributes } from '../resources/readGroupAttributes.js'
import type { GroupUpdate } from '../resources/requestBodies.js'
import type { AddeparContext } from '../routes/createContext.js'
import { findCycle } from './findCycle.js'
import { resolveChildGroups } from './resolveChildGroups.js'
import { resolveMembers } from './resolveMembers.js'
import { type GroupChanges, saveGroup } from './saveGroup.js'

/**
 * Updates one group (`data` an object, `urlId` the id in its URL) or several (an array), all or nothing
 * (docs/addepar.md#update-groups). Attributes given are set (`null` removes an external id or custom attribute); relationships given
 * replace the group's. Cycles are checked against the state the whole batch would leave behind.
 */
export async function updateGroups(ctx: AddeparContext, data: GroupUpdate | readonly GroupUpdate[], urlId?: string) {
  const items = Array.isArray(data) ? data : [data as GroupUpdate]
  const seen = new Set<string>()
  const planned = items.map((item, i) => {
    const at = Array.isArray(data) ? `/data/${i}` : '/data'
    if (urlId !== undefined) checkBodyId(urlId, item.id, `${at}/id`)
    if (seen.has(item.id))
      throw new AddeparError(400, `Group ${item.id} appears more than once`, { pointer: `${at}/id` })
    seen.add(item.id)
    const group = visibleGroup(ctx, item.id, `${at}/id`)
    const { name, extra } = readGroupAttributes(item.attributes ?? {}, `${at}/attributes`)
    const relationships = item.relationships ?? {}
    const changes: GroupChanges = { name }
    if (Object.keys(extra).length > 0) {
      const merged = { ...group.extra_attributes, ...extra }
      changes.extra_attributes = Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== null))
    }
    if (relationships.group_type) {
      const pointer = `${at}/relationships/group_type/data/id`
      changes.group_type = groupTypeOf(ctx, relationships.group_type.data.id, pointer).group_type_key
    }
    if (relationships.members) {
      changes.members = resolveMembers(ctx, relationships.members.data, `${at}/relationships/members/data`)
    }
    if (relationships.child_groups) {
      const pointer = `${at}/relationships/child_groups/data`
      changes.child_groups = resolveChildGroups(ctx, group.id, relationships.child_groups.data, pointer)
    }
    return { group, changes, at }
  })

  const plannedChildren = new Map<string, readonly string[]>()
  for (const { group, changes } of planned)
    if (changes.child_groups) plannedChildren.set(group.id, changes.child_groups)
  const childrenOf = (id: string) => plannedChildren.get(id) ?? ctx.store.addeparGroups.get(id)?.child_groups ?? []
  for (const { group, changes, at } of planned) {
    if (!changes.child_groups) continue
    const cycle = findCycle(childrenOf, group.id, changes.child_groups)
    if (cycle) {
      throw new AddeparError(409, `Child groups would form a cycle: ${cycle.join(' -> ')}`, {
        pointer: `${at}/relationships/child_groups/data`,
      })
    }
  }

  const updated = []
  for (const { group, changes } of planned) updated.push(await saveGroup(ctx, group, changes))
  return updated
}
