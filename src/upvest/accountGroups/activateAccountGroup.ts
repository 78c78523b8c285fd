import type { AccountGroup } from '../../store/schemas.js'
import { UpvestError } from '../protocol/UpvestError.js'
import type { UpvestContext } from '../UpvestContext.js'
import { findAccountGroup } from './findAccountGroup.js'
import { toAccountGroup } from './toAccountGroup.js'
import { transitionAccountGroup } from './transitionAccountGroup.js'

/**
 * The approval that `approval: "manual"` waits for (docs/upvest.md#activate): PENDING_APPROVAL becomes ACTIVE and emits
 * ACCOUNT_GROUP.ACTIVATED. Any other state is a 409.
 */
export async function activateAccountGroup(sandbox: UpvestContext, id: string): Promise<AccountGroup> {
  const group = findAccountGroup(sandbox, id)
  if (group.status !== 'PENDING_APPROVAL') {
    throw new UpvestError(409, `Account group ${id} is ${group.status}: only a PENDING_APPROVAL group can be activated`)
  }
  return toAccountGroup(await transitionAccountGroup(sandbox, id, 'ACTIVE', 'ACCOUNT_GROUP.ACTIVATED'))
}
