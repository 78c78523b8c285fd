import { toTimestamp } from '../../sandbox/time/Clock.js'
import type { Store } from '../../store/createStore.js'
import type { AddeparSandbox } from '../AddeparSandbox.js'
import { type Access, accessFor } from '../auth/accessFor.js'
import type { Caller } from '../auth/authenticate.js'

/** Everything a domain function needs about one call: the data, the caller's firm and view, time and ids. */
export interface AddeparContext {
  store: Store
  firmId: string
  access: Access
  /** The sandbox time as Addepar prints it (`YYYY-MM-DDTHH:MM:SSZ`). */
  now(): string
  /** The next group id; ids only increase (docs/addepar.md#ids). */
  nextGroupId(): string
}

/** The context of a call by `caller` on one sandbox's Addepar side. */
export function createContext({ sandbox }: AddeparSandbox, caller: Caller): AddeparContext {
  return {
    store: sandbox.store,
    firmId: caller.user.firm_id,
    access: accessFor(sandbox.store, caller),
    now: () => toTimestamp(sandbox.now()),
    nextGroupId: () => String(sandbox.ids.sequence('addepar.groups')),
  }
}
