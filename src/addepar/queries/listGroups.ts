import type { AddeparGroup } from '../../store/schemas.js'
import { type Page, paginate } from '../jsonapi/paginate.js'
import type { ListFilters } from '../jsonapi/parseListFilters.js'
import type { PageRequest } from '../jsonapi/parsePage.js'
import type { AddeparContext } from '../routes/createContext.js'
import { groupCandidates } from './groupCandidates.js'

/** A page of `GET /v1/groups` (docs/addepar.md#pagination, #filters): the groups the caller can see that pass every filter. */
export function listGroups(ctx: AddeparContext, filters: ListFilters, page: PageRequest): Page<AddeparGroup> {
  const types = filters.types && new Set(filters.types)
  return paginate(
    groupCandidates(ctx, page.after, filters),
    page.limit,
    (group) => (!types || types.has(group.group_type)) && filters.matchesDates(group) && ctx.access.group(group),
  )
}
