import type { AccountGroupStatus, UpvestAccountGroupRecord, UpvestEventType } from '../../store/schemas.js'
import type { UpvestContext } from '../UpvestContext.js'
import { accountGroupEvents } from './accountGroupEvents.js'

/**
 * One lifecycle step: the new status, `updated_at` moved to the sandbox clock (docs/upvest.md#closure: on every
 * transition), and the step's event carrying the group as it now is. `change` adds bookkeeping that
 * belongs to the same write.
 */
export async function transitionAccountGroup(
  sandbox: UpvestContext,
  id: string,
  status: AccountGroupStatus,
  event: UpvestEventType,
  change?: (draft: UpvestAccountGroupRecord) => void,
): Promise<UpvestAccountGroupRecord> {
  const group = await sandbox.store.upvestAccountGroups.update(id, (draft) => {
    draft.status = status
    draft.updated_at = sandbox.timestamp()
    change?.(draft)
  })
  await accountGroupEvents(sandbox).emit(event, group)
  return group
}
