import type { SandboxContext } from '../engine/SandboxContext.js'
import { AddeparState } from './AddeparState.js'

/** The Addepar side of one sandbox: the sandbox's data and time, and what Addepar keeps beside them. */
export interface AddeparSandbox {
  sandbox: SandboxContext
  state: AddeparState
}

/** Gives a sandbox its Addepar side, whose state a reset or restore drops. */
export function createAddeparSandbox(sandbox: SandboxContext): AddeparSandbox {
  const state = new AddeparState(sandbox.store)
  sandbox.onReset(() => state.reset())
  return { sandbox, state }
}
