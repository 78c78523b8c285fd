import type { SandboxContext } from '../../engine/SandboxContext.js'
import type { UpvestAccountGroupRecord, UpvestEvent, UpvestEventType } from '../../store/schemas.js'
import { toAccountGroup } from './toAccountGroup.js'

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
 * outlive resets.
 */
export function createAccountGroupEvents(sandbox: SandboxContext): AccountGroupEvents {
  const listeners = new Set<AccountGroupEventListener>()
  return {
    async emit(type, group) {
      const event = await sandbox.store.upvestEvents.insert({
        id: sandbox.ids.uuid(),
        client_id: group.client_id,
        created_at: sandbox.timestamp(),
        type,
        object: toAccountGroup(group),
      })
      for (const listener of listeners) await listener(event)
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
