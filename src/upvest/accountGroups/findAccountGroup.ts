import type { UpvestAccountGroupRecord } from '../../store/schemas.js'
import { UpvestError } from '../protocol/UpvestError.js'
import type { UpvestContext } from '../UpvestContext.js'

/**
 * An account group by id, seen by one tenant (docs/upvest.md#get-account-group): unknown, malformed and other clients' ids are all
 * the same 404, so a client cannot probe for groups that are not its own. Without a tenant (the
 * sandbox control routes) every group is visible.
 */
export function findAccountGroup(sandbox: UpvestContext, id: string, clientId?: string): UpvestAccountGroupRecord {
  const group = sandbox.store.upvestAccountGroups.get(id)
  if (!group || (clientId !== undefined && group.client_id !== clientId)) {
    throw new UpvestError(404, `Account group ${id} not found`)
  }
  return group
}
