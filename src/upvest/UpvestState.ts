import type { SandboxContext } from '../engine/SandboxContext.js'
import { type AccountGroupEvents, createAccountGroupEvents } from './accountGroups/accountGroupEvents.js'
import { SignatureReplays } from './auth/SignatureReplays.js'
import { createWebhookEvents, type WebhookEvents } from './webhooks/webhookEvents.js'

/**
 * What the Upvest side keeps beside the store in one sandbox: the order of its writes, derived lookups and
 * counters (dropped on reset or restore, so they never outlive the records they come from) and the event
 * wiring (kept: listeners are wiring, not state).
 */
export class UpvestState {
  /** Call times per client id within the current rate-limit window, oldest first. */
  readonly callTimes = new Map<string, number[]>()
  /** Request signatures already accepted, until their lifetimes end (docs/upvest.md#signatures). */
  readonly signatures = new SignatureReplays()
  #writes: Promise<unknown> = Promise.resolve()
  #numbersInUse: Set<number> | undefined
  #events: AccountGroupEvents | undefined
  #webhookEvents: WebhookEvents | undefined

  constructor(private readonly ctx: SandboxContext) {
    ctx.onReset(() => {
      this.callTimes.clear()
      this.signatures.clear()
      this.#numbersInUse = undefined
    })
  }

  /**
   * Runs state changes one at a time. Store writes are asynchronous, so without this two concurrent
   * creates could both pass the one-PERSONAL-per-user check, or both miss the same idempotency key,
   * before either record lands.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#writes.then(work)
    this.#writes = result.catch(() => undefined)
    return result
  }

  /**
   * Securities account numbers taken, as numbers: one scan the first time (100,000 groups in `large`), then a
   * set whose lookups hash a small integer rather than a new string. A number a scenario wrote in another form
   * (`"012345678"`) is not one `nextSecuritiesAccountNumber` could draw, so it is left out.
   */
  get numbersInUse(): Set<number> {
    if (!this.#numbersInUse) {
      this.#numbersInUse = new Set()
      for (const group of this.ctx.store.upvestAccountGroups.all()) {
        const number = Number(group.securities_account_number)
        if (String(number) === group.securities_account_number) this.#numbersInUse.add(number)
      }
    }
    return this.#numbersInUse
  }

  get events(): AccountGroupEvents {
    this.#events ??= createAccountGroupEvents(this.ctx)
    return this.#events
  }

  get webhookEvents(): WebhookEvents {
    this.#webhookEvents ??= createWebhookEvents(this.ctx, this.events)
    return this.#webhookEvents
  }
}
