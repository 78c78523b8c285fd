import type { StoreChange } from '../store/createStore.js'
import type { Scenario } from './scenarios/scenarioSchema.js'
import type { SandboxSnapshot } from './validateSnapshot.js'

/**
 * One change of a sandbox's state, as `sandbox.onChange` reports it and `sandbox.apply` replays it: a store
 * write, the clock's new time (`at`, milliseconds), or the whole state replaced, either seeded afresh from
 * a scenario (`reset`: a reset or a scenario load) or set to a snapshot (`state`). Plain JSON, so a change
 * log can store it as it is (docs/persistence.md#records).
 */
export type SandboxChange =
  | StoreChange
  | { op: 'clock'; at: number }
  | { op: 'reset'; scenario: Scenario; seed: number; start: number }
  | {
      op: 'state'
      snapshot: SandboxSnapshot
      /**
       * Replaying only, never reported: the snapshot comes from a file this version wrote and its checksum matched
       * (docs/persistence.md#checksum), so its records skip a second validation, as a log's `put` records do.
       */
      intact?: boolean
    }
