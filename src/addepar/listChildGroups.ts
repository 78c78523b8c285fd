import type { AddeparGroup } from '../store/schemas.js'
import type { AddeparContext } from './createContext.js'
import { type Page, paginate } from './paginate.js'
import type { PageRequest } from './parsePage.js'
import { visibleGroup } from './visibleGroup.js'
import { walkIds } from './walkIds.js'

/** A page of `GET /v1/groups/:id/child_groups`: the child groups the caller can see, in id order. */
export function listChildGroups(ctx: AddeparContext, groupId: string, page: PageRequest): Page<AddeparGroup> {
  const group = visibleGroup(ctx, groupId)
  return paginate(
    walkIds(group.child_groups, page.after, (id) => ctx.store.addeparGroups.get(id)),
    page.limit,
    (child) => ctx.access.group(child),
  )
}
