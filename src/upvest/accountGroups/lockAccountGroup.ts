import type { AccountGroup } from '../../store/schemas.js'
import { UpvestError } from '../protocol/UpvestError.js'
import type { UpvestContext } from '../UpvestContext.js'
import { findAccountGroup } from './findAccountGroup.js'
import { toAccountGroup } from './toAccountGroup.js'
import { transitionAccountGroup } from './transitionAccountGroup.js'

/**
 * Locks an account group for all actions (docs/upvest.md#lock) and emits ACCOUNT_GROUP.LOCKED. A group that is already
 * LOCKED, or CLOSED and so beyond any action, is a 409; a CLOSING group's pending closure then does
 * not complete.
 */
export async function lockAccountGroup(sandbox: UpvestContext, id: string): Promise<AccountGroup> {
  const group = findAccountGroup(sandbox, id)
  if (group.status === 'LOCKED' || group.status === 'CLOSED') {
    throw new UpvestError(409, `Account group ${id} is ${group.status}: it cannot be locked`)
  }
  return toAccountGroup(await transitionAccountGroup(sandbox, id, 'LOCKED', 'ACCOUNT_GROUP.LOCKED'))
}
