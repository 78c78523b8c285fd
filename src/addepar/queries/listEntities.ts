import type { AddeparEntity } from '../../store/schemas.js'
import { type Page, paginate } from '../jsonapi/paginate.js'
import type { ListFilters } from '../jsonapi/parseListFilters.js'
import type { PageRequest } from '../jsonapi/parsePage.js'
import type { AddeparContext } from '../routes/createContext.js'
import { walkIds } from './walkIds.js'
import { walkIndex } from './walkIndex.js'

/**
 * A page of `GET /v1/entities` (docs/addepar.md#entities). When the ids are known in advance (`filter[ids]`, or a Basic user's
 * portfolio access) only those are looked up, so a small portfolio never walks the whole firm.
 */
export function listEntities(ctx: AddeparContext, filters: ListFilters, page: PageRequest): Page<AddeparEntity> {
  const { store, firmId, access } = ctx
  const allowed = access.entityIds
  const ids = filters.ids && allowed ? filters.ids.filter((id) => allowed.has(id)) : (filters.ids ?? allowed)
  const candidates = ids
    ? walkIds(ids, page.after, (id) => store.addeparEntities.get(id))
    : walkIndex(store.indexes.entitiesByFirm, firmId, page.after)
  const types = filters.types && new Set(filters.types)
  // `filter[linking_status]` selects online accounts by their owner link; no other entity has a status.
  const linking = filters.linkingStatus
  return paginate(
    candidates,
    page.limit,
    (entity) =>
      entity.firm_id === firmId &&
      (!types || types.has(entity.model_type)) &&
      (!linking || entity.linking_status === linking) &&
      filters.matchesDates(entity),
  )
}
