import { visibleGroup } from '../auth/visibleGroup.js'
import { AddeparError } from '../jsonapi/AddeparError.js'
import type { AddeparContext } from '../routes/createContext.js'

/**
 * Child group ids from relationship data, deduplicated: each must be a group the caller can see (404),
 * and none may be the parent itself (409, docs/addepar.md#relationship-writes). Cycles through other groups are `findCycle`'s job.
 */
export function resolveChildGroups(
  ctx: AddeparContext,
  parentId: string | undefined,
  data: readonly { id: string }[],
  pointer: string,
): string[] {
  const ids = new Set<string>()
  data.forEach(({ id }, i) => {
    const at = `${pointer}/${i}/id`
    if (id === parentId) throw new AddeparError(409, `Group ${id} cannot be its own child group`, { pointer: at })
    visibleGroup(ctx, id, at)
    ids.add(id)
  })
  return [...ids]
}
