import type { UpvestContext } from '../UpvestContext.js'
import { transitionAccountGroup } from './transitionAccountGroup.js'

/**
 * The second step of a closure (docs/upvest.md#closure), run by the scheduler: CLOSING becomes CLOSED and emits
 * ACCOUNT_GROUP.CLOSED. A group that left CLOSING meanwhile (locked through the control route) stays as
 * it is.
 */
export async function completeAccountGroupClosure(sandbox: UpvestContext, id: string): Promise<void> {
  if (sandbox.store.upvestAccountGroups.get(id)?.status !== 'CLOSING') return
  await transitionAccountGroup(sandbox, id, 'CLOSED', 'ACCOUNT_GROUP.CLOSED')
}
