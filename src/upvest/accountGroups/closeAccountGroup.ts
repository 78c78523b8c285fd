import { z } from 'zod'
import { parseDuration } from '../../sandbox/time/parseDuration.js'
import { closureReason } from '../../store/schemas.js'
import { UpvestError } from '../protocol/UpvestError.js'
import type { UpvestContext } from '../UpvestContext.js'
import { findAccountGroup } from './findAccountGroup.js'
import { transitionAccountGroup } from './transitionAccountGroup.js'

/** The scheduler job that completes a closure once the scenario's `closureDelay` has passed. */
export const CLOSURE_JOB = 'upvest.accountGroup.closure'

/**
 * The closure parameters of `DELETE /account_groups/{id}` (docs/upvest.md#closure-request). They come from the query string, where
 * every value is text, or from a JSON body, where `notification_only` may be a real boolean.
 */
export const closureRequest = z.object({
  closure_reason: closureReason.optional(),
  notification_only: z
    .union([z.boolean(), z.enum(['true', 'false'])], { error: 'must be true or false' })
    .transform((value) => value === true || value === 'true')
    .default(false),
})
export type ClosureRequest = z.infer<typeof closureRequest>

/**
 * Starts closing one of the client's account groups (docs/upvest.md#closure-request, #closure). A group that is CLOSING, CLOSED or
 * LOCKED is a 409. `notification_only` records the reason and changes nothing else; otherwise the group
 * turns CLOSING at once (ACCOUNT_GROUP.CLOSING_INITIATED) and a job closes it after `closureDelay`.
 */
export async function closeAccountGroup(
  sandbox: UpvestContext,
  clientId: string,
  id: string,
  request: ClosureRequest,
): Promise<void> {
  const group = findAccountGroup(sandbox, id, clientId)
  if (group.status === 'CLOSING' || group.status === 'CLOSED' || group.status === 'LOCKED') {
    throw new UpvestError(409, `Account group ${id} is ${group.status}: closure is not available in this state`)
  }
  const reason = request.closure_reason ?? group.closure_reason
  if (request.notification_only) {
    await sandbox.store.upvestAccountGroups.update(id, (draft) => {
      draft.closure_reason = reason
    })
    return
  }
  await transitionAccountGroup(sandbox, id, 'CLOSING', 'ACCOUNT_GROUP.CLOSING_INITIATED', (draft) => {
    draft.closure_reason = reason
  })
  await sandbox.scheduler.schedule(CLOSURE_JOB, parseDuration(sandbox.scenario.upvest.options.closureDelay), {
    account_group_id: id,
  })
}
