import { toTimestamp } from '../sandbox/Clock.js'
import type { Sandbox } from '../sandbox/createSandbox.js'
import type { Store } from '../store/createStore.js'
import { type Access, accessFor } from './accessFor.js'
import type { Caller } from './authenticate.js'

/** Everything a domain function needs about one call: the data, the caller's firm and view, time and ids. */
export interface AddeparContext {
  store: Store
  firmId: string
  access: Access
  /** The sandbox time as Addepar prints it (`YYYY-MM-DDTHH:MM:SSZ`). */
  now(): string
  /** The next group id; ids only increase (A9). */
  nextGroupId(): string
}

/** The context of a call by `caller` on `sandbox`. */
export function createContext(sandbox: Sandbox, caller: Caller): AddeparContext {
  return {
    store: sandbox.store,
    firmId: caller.user.firm_id,
    access: accessFor(sandbox.store, caller),
    now: () => toTimestamp(sandbox.now()),
    nextGroupId: () => String(sandbox.ids.sequence('addepar.groups')),
  }
}
