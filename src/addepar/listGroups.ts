import type { AddeparGroup } from '../store/schemas.js'
import type { AddeparContext } from './createContext.js'
import { groupCandidates } from './groupCandidates.js'
import { type Page, paginate } from './paginate.js'
import type { ListFilters } from './parseListFilters.js'
import type { PageRequest } from './parsePage.js'

/** A page of `GET /v1/groups` (docs/addepar.md#pagination, #filters): the groups the caller can see that pass every filter. */
export function listGroups(ctx: AddeparContext, filters: ListFilters, page: PageRequest): Page<AddeparGroup> {
  const types = filters.types && new Set(filters.types)
  return paginate(
    groupCandidates(ctx, page.after, filters),
    page.limit,
    (group) => (!types || types.has(group.group_type)) && filters.matchesDates(group) && ctx.access.group(group),
  )
}
