import type { Sandbox } from '../sandbox/createSandbox.js'
import { AddeparState } from './AddeparState.js'

const states = new WeakMap<Sandbox, AddeparState>()

/** Gives a new sandbox its Addepar state and drops that state whenever the sandbox is reset or restored. */
export function installAddepar(sandbox: Sandbox): void {
  const state = new AddeparState(sandbox.store)
  states.set(sandbox, state)
  sandbox.onReset(() => state.reset())
}

/** The state `installAddepar` gave a sandbox. */
export function addeparState(sandbox: Sandbox): AddeparState {
  const state = states.get(sandbox)
  if (!state) throw new Error('installAddepar was not called for this sandbox')
  return state
}
