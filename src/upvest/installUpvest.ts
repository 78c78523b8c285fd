import { CLOSURE_JOB } from './closeAccountGroup.js'
import { completeAccountGroupClosure } from './completeAccountGroupClosure.js'
import { exclusive } from './exclusive.js'
import type { UpvestContext } from './UpvestContext.js'
import { installWebhooks } from './webhooks/installWebhooks.js'

/** Registers the Upvest side's scheduled-job runners on a new sandbox. */
export function installUpvest(sandbox: UpvestContext): void {
  sandbox.scheduler.register(CLOSURE_JOB, (payload) =>
    exclusive(sandbox, () => completeAccountGroupClosure(sandbox, String(payload.account_group_id))),
  )
  installWebhooks(sandbox)
}
