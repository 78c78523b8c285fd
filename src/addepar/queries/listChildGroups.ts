import type { AddeparGroup } from '../../store/schemas.js'
import { visibleGroup } from '../auth/visibleGroup.js'
import { type Page, paginate } from '../jsonapi/paginate.js'
import type { PageRequest } from '../jsonapi/parsePage.js'
import type { AddeparContext } from '../routes/createContext.js'
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
