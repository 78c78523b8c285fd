import type { Sandbox } from '../sandbox/createSandbox.js'
import { transitionAccountGroup } from './transitionAccountGroup.js'

/**
 * The second step of a closure (S15), run by the scheduler: CLOSING becomes CLOSED and emits
 * ACCOUNT_GROUP.CLOSED. A group that left CLOSING meanwhile (locked through the control route) stays as
 * it is.
 */
export async function completeAccountGroupClosure(sandbox: Sandbox, id: string): Promise<void> {
  if (sandbox.store.upvestAccountGroups.get(id)?.status !== 'CLOSING') return
  await transitionAccountGroup(sandbox, id, 'CLOSED', 'ACCOUNT_GROUP.CLOSED')
}
