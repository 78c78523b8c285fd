import type { AddeparEntity } from '../../store/schemas.js'
import { visibleGroup } from '../auth/visibleGroup.js'
import { type Page, paginate } from '../jsonapi/paginate.js'
import type { PageRequest } from '../jsonapi/parsePage.js'
import type { AddeparContext } from '../routes/createContext.js'
import { walkIds } from './walkIds.js'

/** A page of `GET /v1/groups/:id/members` (docs/addepar.md#members): the member entities in id order. */
export function listMembers(ctx: AddeparContext, groupId: string, page: PageRequest): Page<AddeparEntity> {
  const group = visibleGroup(ctx, groupId)
  return paginate(
    walkIds(group.members, page.after, (id) => ctx.store.addeparEntities.get(id)),
    page.limit,
  )
}
