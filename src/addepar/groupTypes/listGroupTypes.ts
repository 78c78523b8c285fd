import type { AddeparGroupType } from '../../store/schemas.js'
import type { AddeparContext } from '../routes/createContext.js'

/**
 * `GET /v1/group_types` (docs/addepar.md#group-types): every type of the firm, not paginated, optionally only the (non-)permissioned
 * ones. A firm has a handful of types, so reading them all is cheap.
 */
export function listGroupTypes(ctx: AddeparContext, permissioned?: boolean): AddeparGroupType[] {
  return [...ctx.store.addeparGroupTypes.all()].filter(
    (type) =>
      type.firm_id === ctx.firmId && (permissioned === undefined || type.is_permissioned_resource === permissioned),
  )
}
