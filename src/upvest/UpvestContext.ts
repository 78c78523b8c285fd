import type { SandboxContext } from '../engine/SandboxContext.js'
import type { UpvestState } from './UpvestState.js'

/** What the Upvest side's rules and routes get of the sandbox they run in, and the state it keeps there. */
export interface UpvestContext extends SandboxContext {
  readonly state: UpvestState
}
