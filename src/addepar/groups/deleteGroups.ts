import { visibleGroup } from '../auth/visibleGroup.js'
import type { AddeparContext } from '../routes/createContext.js'
import { saveGroup } from './saveGroup.js'

/**
 * Deletes groups, all or nothing: any id the caller cannot see is a 404 and nothing is deleted (docs/addepar.md#delete-groups).
 * Each deleted group leaves every parent's `child_groups` (a change, so the parent's `modified_at` moves);
 * its own child groups stay.
 */
export async function deleteGroups(ctx: AddeparContext, ids: readonly { id: string; pointer?: string }[]) {
  const deleting = new Map(ids.map(({ id, pointer }) => [id, visibleGroup(ctx, id, pointer)]))
  for (const group of deleting.values()) {
    for (const parent of [...ctx.store.indexes.groupParents.list(group.id)]) {
      if (deleting.has(parent.id)) continue
      await saveGroup(ctx, parent, { child_groups: parent.child_groups.filter((id) => id !== group.id) })
    }
    ctx.store.addeparGroups.delete(group.id)
  }
}
