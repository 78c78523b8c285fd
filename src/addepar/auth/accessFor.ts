import type { Store } from '../../store/createStore.js'
import type { AddeparGroup } from '../../store/schemas.js'
import type { Caller } from './authenticate.js'

/** What the caller may see (docs/addepar.md#portfolio-access). */
export interface Access {
  /** The entity ids a Basic user may see, or null for all. */
  readonly entityIds: ReadonlySet<string> | null
  entity(id: string): boolean
  group(group: AddeparGroup): boolean
}

/**
 * The caller's view of the firm (docs/addepar.md#portfolio-access). Bearer tokens see everything (their scopes are checked per route);
 * a Basic user sees the entities of its portfolio access, and a group only when every member is among
 * them and, for a permissioned group type, the group was granted explicitly.
 */
export function accessFor(store: Store, caller: Caller): Access {
  const { portfolio_access, group_access } = caller.user.permissions
  const entityIds = caller.scopes || portfolio_access === 'all' ? null : new Set(portfolio_access)
  const groupIds = caller.scopes || group_access === 'all' ? null : new Set(group_access)
  const entity = (id: string) => entityIds === null || entityIds.has(id)
  return {
    entityIds,
    entity,
    group(group) {
      if (!group.members.every(entity)) return false
      if (groupIds === null || groupIds.has(group.id)) return true
      return !store.addeparGroupTypes.get(`${group.firm_id}:${group.group_type}`)?.is_permissioned_resource
    },
  }
}
