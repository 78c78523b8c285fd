import type { SandboxContext } from '../../engine/SandboxContext.js'
import type { UpvestEvent } from '../../store/schemas.js'
import type { AccountGroupEvents } from '../accountGroups/accountGroupEvents.js'
import type { WebhookEvent } from './batching/toWebhookEvent.js'

/** An event as every subscription receives it, without the per-subscription `webhook_id`. */
export type EmittedEvent = Omit<WebhookEvent, 'webhook_id'>

/**
 * Which events `next()` waits for: an event type (`ACCOUNT_GROUP.CLOSED`), a category (`ACCOUNT_GROUP`),
 * or a predicate. Leaving it out takes any event.
 */
export type EventFilter = string | ((event: EmittedEvent) => boolean)

export interface NextOptions {
  /** Rejects after this many milliseconds of wall-clock time instead of waiting for ever. */
  timeout?: number
}

export interface WebhookEvents {
  /**
   * The oldest event matching `filter` that no earlier `next()` returned: one already recorded, or else
   * the next one to be. Each event is returned once, so successive calls walk through the events in
   * order; a reset starts over. It needs no subscription and no receiver.
   */
  next(filter?: EventFilter, options?: NextOptions): Promise<EmittedEvent>
}

interface Waiter {
  matches: (event: EmittedEvent) => boolean
  resolve: (event: EmittedEvent) => void
}

/** The in-process view of a sandbox's events that `sandbox.webhooks.next()` serves. */
export function createWebhookEvents(sandbox: SandboxContext, events: AccountGroupEvents): WebhookEvents {
  const returned = new Set<string>()
  const table = sandbox.store.upvestEvents
  // Events are forgotten (MAX_EVENTS, EVENT_RETENTION_MS), and so, now and then, are their ids here: after a
  // sweep the set holds no more ids than the table holds events, and the next waits until it has doubled.
  const remember = (id: string) => {
    returned.add(id)
    if (returned.size <= 2 * Math.max(64, table.size)) return
    for (const each of returned) if (!table.has(each)) returned.delete(each)
  }
  const waiters: Waiter[] = []
  sandbox.onReset(() => returned.clear())
  events.subscribe((event) => {
    if (waiters.length === 0) return
    const emitted = toEmitted(event)
    const index = waiters.findIndex((waiter) => waiter.matches(emitted))
    if (index === -1) return
    const [waiter] = waiters.splice(index, 1)
    remember(event.id)
    waiter?.resolve(emitted)
  })
  const instance: WebhookEvents = {
    next(filter, options = {}) {
      const matches = matcher(filter)
      for (const event of table.all()) {
        if (returned.has(event.id)) continue
        const emitted = toEmitted(event)
        if (!matches(emitted)) continue
        remember(event.id)
        return Promise.resolve(emitted)
      }
      return new Promise<EmittedEvent>((resolve, reject) => {
        const waiter: Waiter = { matches, resolve }
        waiters.push(waiter)
        if (options.timeout === undefined) return
        const timer = setTimeout(() => {
          const index = waiters.indexOf(waiter)
          if (index === -1) return
          waiters.splice(index, 1)
          reject(new Error(`webhooks.next(${describe(filter)}): no such event within ${options.timeout} ms`))
        }, options.timeout)
        waiter.resolve = (event) => {
          clearTimeout(timer)
          resolve(event)
        }
      })
    },
  }
  return instance
}

/** The in-process view of the events of the sandbox `ctx` belongs to. */
export function webhookEvents(ctx: { state: { webhookEvents: WebhookEvents } }): WebhookEvents {
  return ctx.state.webhookEvents
}

function matcher(filter: EventFilter | undefined): (event: EmittedEvent) => boolean {
  if (filter === undefined) return () => true
  if (typeof filter === 'function') return filter
  return (event) => event.type === filter || event.type.startsWith(`${filter}.`)
}

function describe(filter: EventFilter | undefined): string {
  return typeof filter === 'string' ? JSON.stringify(filter) : filter ? 'predicate' : ''
}

export function toEmitted(event: UpvestEvent): EmittedEvent {
  return structuredClone({ id: event.id, created_at: event.created_at, type: event.type, object: event.object })
}
