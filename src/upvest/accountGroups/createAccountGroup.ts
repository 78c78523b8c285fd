import { z } from 'zod'
import { type AccountGroup, type AccountGroupType, accountGroupType } from '../../store/schemas.js'
import { UpvestError } from '../protocol/UpvestError.js'
import type { UpvestContext } from '../UpvestContext.js'
import { findUser } from '../users/findUser.js'
import { accountGroupEvents } from './accountGroupEvents.js'
import { nextSecuritiesAccountNumber } from './nextSecuritiesAccountNumber.js'
import { toAccountGroup } from './toAccountGroup.js'

/** The body of `POST /account_groups` (docs/upvest.md#create-account-group): exactly `user_id` and `type`. */
export const createAccountGroupRequest = z.strictObject({
  user_id: z.uuid(),
  type: accountGroupType,
})
export type CreateAccountGroupRequest = z.infer<typeof createAccountGroupRequest>

/** Documented: a user has at most one group of each of these types. */
const ONE_PER_USER: ReadonlySet<AccountGroupType> = new Set(['PERSONAL', 'FRENCH_PEA'])

/**
 * Opens an account group for one of the client's users (docs/upvest.md#create-account-group, #new-account-group): 404 for a user the client does not
 * have, 409 for a second PERSONAL or FRENCH_PEA group (a closed one no longer counts). The group starts
 * ACTIVE, or PENDING_APPROVAL under `approval: "manual"`, with a fresh securities account number, and
 * emits ACCOUNT_GROUP.CREATED. Every check runs before the first write, so a refusal changes nothing.
 */
export async function createAccountGroup(
  sandbox: UpvestContext,
  clientId: string,
  request: CreateAccountGroupRequest,
): Promise<AccountGroup> {
  const user = findUser(sandbox, request.user_id, clientId)
  if (ONE_PER_USER.has(request.type)) {
    const existing = sandbox.store.indexes.accountGroupsByUser.created_at
      .list(user.id)
      .find((group) => group.type === request.type && group.status !== 'CLOSED')
    if (existing) {
      throw new UpvestError(409, `User ${user.id} already has a ${request.type} account group (${existing.id})`)
    }
  }
  const now = sandbox.timestamp()
  const group = sandbox.store.upvestAccountGroups.add({
    id: sandbox.ids.uuid(),
    created_at: now,
    updated_at: now,
    users: [{ id: user.id, type: 'OWNER' }],
    status: sandbox.scenario.upvest.options.approval === 'manual' ? 'PENDING_APPROVAL' : 'ACTIVE',
    type: request.type,
    securities_account_number: nextSecuritiesAccountNumber(sandbox),
    client_id: clientId,
    closure_reason: null,
  })
  await accountGroupEvents(sandbox).emit('ACCOUNT_GROUP.CREATED', group)
  return toAccountGroup(group)
}
