import type { AddeparGroup } from '../../store/schemas.js'
import { type Page, paginate } from '../jsonapi/paginate.js'
import type { PageRequest } from '../jsonapi/parsePage.js'
import type { GroupSearch } from '../resources/requestBodies.js'
import type { AddeparContext } from '../routes/createContext.js'
import { groupCandidates } from './groupCandidates.js'

/**
 * A page of `POST /v1/groups/query` (docs/addepar.md#query): each criterion given matches any of its values (names as
 * case-insensitive substrings, group types exactly, external ids by `external_id_<type>`), and the
 * criteria combine with AND.
 */
export function searchGroups(ctx: AddeparContext, search: GroupSearch, page: PageRequest): Page<AddeparGroup> {
  const names = search.display_names?.map((name) => name.toLowerCase())
  const types = search.group_types && new Set(search.group_types)
  const externalIds = search.external_ids?.map(({ external_id_type, external_id }) => ({
    attribute: `external_id_${external_id_type}`,
    value: external_id,
  }))
  return paginate(
    groupCandidates(ctx, page.after, { types: search.group_types }),
    page.limit,
    (group) =>
      (!names || names.some((name) => group.name.toLowerCase().includes(name))) &&
      (!types || types.has(group.group_type)) &&
      (!externalIds || externalIds.some(({ attribute, value }) => group.extra_attributes[attribute] === value)) &&
      ctx.access.group(group),
  )
}
