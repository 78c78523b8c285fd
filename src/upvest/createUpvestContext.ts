import type { SandboxContext } from '../engine/SandboxContext.js'
import { CLOSURE_JOB } from './accountGroups/closeAccountGroup.js'
import { completeAccountGroupClosure } from './accountGroups/completeAccountGroupClosure.js'
import type { UpvestContext } from './UpvestContext.js'
import { UpvestState } from './UpvestState.js'
import { installWebhooks } from './webhooks/installWebhooks.js'

/** The sandbox as the Upvest side sees it: the sandbox's own members, and the Upvest state beside them. */
class UpvestSandbox implements UpvestContext {
  readonly state: UpvestState

  constructor(private readonly sandbox: SandboxContext) {
    this.state = new UpvestState(this)
  }

  get store() {
    return this.sandbox.store
  }
  get ids() {
    return this.sandbox.ids
  }
  get scheduler() {
    return this.sandbox.scheduler
  }
  get scenario() {
    return this.sandbox.scenario
  }
  get seed() {
    return this.sandbox.seed
  }
  now() {
    return this.sandbox.now()
  }
  timestamp() {
    return this.sandbox.timestamp()
  }
  runDueJobs() {
    return this.sandbox.runDueJobs()
  }
  onReset(hook: () => void) {
    this.sandbox.onReset(hook)
  }
}

/** Gives a sandbox its Upvest side: its context and state, and its scheduled jobs (closures, webhook delivery). */
export function createUpvestContext(sandbox: SandboxContext): UpvestContext {
  const ctx = new UpvestSandbox(sandbox)
  sandbox.scheduler.register(CLOSURE_JOB, (payload) =>
    ctx.state.exclusive(() => completeAccountGroupClosure(ctx, String(payload.account_group_id))),
  )
  installWebhooks(ctx)
  return ctx
}
