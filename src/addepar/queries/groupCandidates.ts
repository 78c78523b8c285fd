import type { AddeparGroup } from '../../store/schemas.js'
import type { AddeparContext } from '../routes/createContext.js'
import { mergeById } from './mergeById.js'
import { walkIds } from './walkIds.js'
import { walkIndex } from './walkIndex.js'

/**
 * The firm's groups in id order from just after `after`, read from the narrowest source the filters allow
 * (the listed ids, the partitions of the listed group types, or every group), so a filtered page seldom
 * walks far. The caller still applies every filter to what comes out.
 */
export function groupCandidates(
  ctx: AddeparContext,
  after: string | null,
  narrow: { ids?: readonly string[] | null; types?: readonly string[] | null },
): Iterable<AddeparGroup> {
  const { store, firmId } = ctx
  if (narrow.ids) {
    return walkIds(narrow.ids, after, (id) => {
      const group = store.addeparGroups.get(id)
      return group?.firm_id === firmId ? group : undefined
    })
  }
  if (narrow.types) {
    const types = [...new Set(narrow.types)]
    return mergeById(types.map((type) => walkIndex(store.indexes.groupsByType, `${firmId}:${type}`, after)))
  }
  return walkIndex(store.indexes.groupsByFirm, firmId, after)
}
