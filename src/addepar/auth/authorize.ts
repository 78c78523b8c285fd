import type { AddeparScope } from '../../store/schemas.js'
import { AddeparError } from '../jsonapi/AddeparError.js'
import type { Caller } from './authenticate.js'

/** What a route needs: reading or changing groups and group types, or reading entities. */
export type Need = 'groups:read' | 'groups:write' | 'entities:read'

export const SCOPES: Record<Need, readonly AddeparScope[]> = {
  'groups:read': ['GROUPS', 'GROUPS_WRITE'],
  'groups:write': ['GROUPS_WRITE'],
  'entities:read': ['ENTITIES', 'ENTITIES_WRITE'],
}

/**
 * 403 unless the caller may use the route: a Bearer token needs one of the route's scopes (docs/addepar.md#bearer-scopes); a Basic
 * user needs `manage_groups` to write (docs/addepar.md#manage-groups), and portfolio access decides what it sees further down (docs/addepar.md#portfolio-access).
 */
export function authorize(caller: Caller, need: Need): void {
  const accepted = SCOPES[need]
  if (caller.scopes) {
    if (!caller.scopes.some((scope) => accepted.includes(scope))) {
      throw new AddeparError(403, `This token lacks the ${accepted.join(' or ')} scope`)
    }
  } else if (need === 'groups:write' && !caller.user.permissions.manage_groups) {
    throw new AddeparError(
      403,
      'You do not have permission to create, edit or delete groups ("Groups: Manage all groups")',
    )
  }
}
