import { visibleGroup } from '../auth/visibleGroup.js'
import { AddeparError } from '../jsonapi/AddeparError.js'
import type { AddeparContext } from '../routes/createContext.js'
import { combineIds, type RelationshipOperation } from './combineIds.js'
import { findCycle } from './findCycle.js'
import { resolveChildGroups } from './resolveChildGroups.js'
import { resolveMembers } from './resolveMembers.js'
import { saveGroup } from './saveGroup.js'

/**
 * A write on `/v1/groups/:id/relationships/members` or `.../child_groups` (docs/addepar.md#relationship-writes): every given id is checked
 * as in a create (members 400, child groups 404 or 409), then added, replacing or removed.
 */
export async function changeRelationship(
  ctx: AddeparContext,
  groupId: string,
  relationship: 'members' | 'child_groups',
  operation: RelationshipOperation,
  data: readonly { id: string }[],
) {
  const group = visibleGroup(ctx, groupId)
  const given =
    relationship === 'members' ? resolveMembers(ctx, data, '/data') : resolveChildGroups(ctx, group.id, data, '/data')
  const ids = combineIds(operation, group[relationship], given)
  if (relationship === 'child_groups') {
    const cycle = findCycle((id) => ctx.store.addeparGroups.get(id)?.child_groups ?? [], group.id, ids)
    if (cycle)
      throw new AddeparError(409, `Child groups would form a cycle: ${cycle.join(' -> ')}`, { pointer: '/data' })
  }
  return saveGroup(ctx, group, { [relationship]: ids })
}
