import type { SandboxContext } from '../../engine/SandboxContext.js'
import type { UpvestAccountGroupRecord, UpvestEvent, UpvestEventType } from '../../store/schemas.js'
import { toAccountGroup } from './toAccountGroup.js'

/** Events a sandbox keeps at most (docs/control-api.md#bounds); the oldest go first. */
export const MAX_EVENTS = 1000
/** How long, in sandbox time, a recorded event is kept (docs/control-api.md#bounds). */
export const EVENT_RETENTION_MS = 24 * 60 * 60 * 1000

export type AccountGroupEventListener = (event: UpvestEvent) => void | Promise<void>

export interface AccountGroupEvents {
  /** Records the event with the group's full public object and hands it to every listener. */
  emit(type: UpvestEventType, group: UpvestAccountGroupRecord): Promise<UpvestEvent>
  /** Listens to every event recorded from now on (webhook delivery); returns the unsubscribe. */
  subscribe(listener: AccountGroupEventListener): () => void
}

/**
 * The account-group events of one sandbox (docs/upvest.md#account-group-events): each lifecycle transition lands in the
 * `upvestEvents` table and is then dispatched in process. Listeners are wiring, not state, so they
 * outlive resets. The table is what `webhooks.next()` and `GET /__sandbox/upvest/events` read, so it keeps
 * the newest `MAX_EVENTS` of the last `EVENT_RETENTION_MS`: deliveries carry their own copies of events.
 */
export function createAccountGroupEvents(sandbox: SandboxContext): AccountGroupEvents {
  const listeners = new Set<AccountGroupEventListener>()
  return {
    async emit(type, group) {
      const now = sandbox.now()
      // Events are recorded in clock order, so the first is the oldest.
      sandbox.store.upvestEvents.dropOldest(
        (event, size) => size >= MAX_EVENTS || Date.parse(event.created_at) + EVENT_RETENTION_MS <= now,
      )
      const event = sandbox.store.upvestEvents.add({
        id: sandbox.ids.uuid(),
        client_id: group.client_id,
        created_at: sandbox.timestamp(),
        type,
        object: toAccountGroup(group),
      })
      // A listener with nothing to do answers synchronously, and an await of nothing still costs a turn.
      for (const listener of listeners) {
        const pending = listener(event)
        if (pending) await pending
      }
      return event
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}

/** The account-group events of the sandbox `ctx` belongs to. */
export function accountGroupEvents(ctx: { state: { events: AccountGroupEvents } }): AccountGroupEvents {
  return ctx.state.events
}
