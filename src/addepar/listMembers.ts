import type { AddeparEntity } from '../store/schemas.js'
import type { AddeparContext } from './createContext.js'
import { type Page, paginate } from './paginate.js'
import type { PageRequest } from './parsePage.js'
import { visibleGroup } from './visibleGroup.js'
import { walkIds } from './walkIds.js'

/** A page of `GET /v1/groups/:id/members` (docs/addepar.md#members): the member entities in id order. */
export function listMembers(ctx: AddeparContext, groupId: string, page: PageRequest): Page<AddeparEntity> {
  const group = visibleGroup(ctx, groupId)
  return paginate(
    walkIds(group.members, page.after, (id) => ctx.store.addeparEntities.get(id)),
    page.limit,
  )
}
