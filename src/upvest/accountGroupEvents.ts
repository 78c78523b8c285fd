import type { UpvestAccountGroupRecord, UpvestEvent, UpvestEventType } from '../store/schemas.js'
import { toAccountGroup } from './toAccountGroup.js'
import type { UpvestContext } from './UpvestContext.js'

export type AccountGroupEventListener = (event: UpvestEvent) => void | Promise<void>

export interface AccountGroupEvents {
  /** Records the event with the group's full public object and hands it to every listener. */
  emit(type: UpvestEventType, group: UpvestAccountGroupRecord): Promise<UpvestEvent>
  /** Listens to every event recorded from now on (webhook delivery); returns the unsubscribe. */
  subscribe(listener: AccountGroupEventListener): () => void
}

const busses = new WeakMap<UpvestContext, AccountGroupEvents>()

/**
 * The account-group events of one sandbox (docs/upvest.md#account-group-events): each lifecycle transition lands in the
 * `upvestEvents` table and is then dispatched in process. Listeners are wiring, not state, so they
 * outlive resets.
 */
export function accountGroupEvents(sandbox: UpvestContext): AccountGroupEvents {
  let bus = busses.get(sandbox)
  if (bus) return bus
  const listeners = new Set<AccountGroupEventListener>()
  bus = {
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
  busses.set(sandbox, bus)
  return bus
}
