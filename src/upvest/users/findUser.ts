import type { UpvestUser } from '../../store/schemas.js'
import { UpvestError } from '../protocol/UpvestError.js'
import type { UpvestContext } from '../UpvestContext.js'

/** A user by id, seen by one tenant: another client's user is as unknown as a missing one (404). */
export function findUser(sandbox: UpvestContext, id: string, clientId: string): UpvestUser {
  const user = sandbox.store.upvestUsers.get(id)
  if (!user || user.client_id !== clientId) throw new UpvestError(404, `User ${id} not found`)
  return user
}
