import type { DriftFinding } from '../../contract/driftFinding.js'
import type { FaultRule, FaultRuleInput } from '../faults/FaultRules.js'
import type { JournalEntry, JournalFilter } from '../journal/Journal.js'
import type { ScenarioInput } from '../scenarios/scenarioSchema.js'
import type { SandboxSnapshot } from '../validateSnapshot.js'
import type { SandboxInfo } from './ControlledSandbox.js'
import type { SandboxOverview } from './describeSandbox.js'

export interface ClockState {
  /** RFC 3339, seconds, UTC. */
  now: string
  mode: 'frozen' | 'real'
}

/** One sandbox of the local server, as `GET /__sandbox/sandboxes` lists it. */
export interface SandboxSummary {
  id: string
  scenario: string
  seed: number
  clock: ClockState
  created_at: string
  last_used_at: string
  /** Entries in its request journal. */
  requests: number
  faults: number
}

/** What proxy mode found (docs/drift.md), newest first, each finding with the journal entry it belongs to. */
export interface DriftLog {
  findings: (DriftFinding & { request: number; time: string })[]
}

/** A built-in scenario by name, or an inline one (validated like a scenario file); `seed` overrides its seed. */
export type ScenarioRequest = { name: string; seed?: number } | { scenario: ScenarioInput; seed?: number }

/**
 * The control operations of one sandbox. `sandbox.control` runs them in-process and
 * `createControlClient(url)` over HTTP (`/__sandbox/...`); both throw `ControlError` for bad input.
 */
export interface ControlApi {
  info(): Promise<SandboxInfo>
  /** Back to the loaded scenario's seeded state; clears the fault rules, keeps the journal. */
  reset(): Promise<SandboxInfo>
  clock(): Promise<ClockState>
  /** Moves time forward by a duration (`"10m"`) or milliseconds, running every job that falls due. */
  advance(by: string | number): Promise<ClockState>
  /** Stops the clock following real time; it then moves only by `advance`. */
  freeze(): Promise<ClockState>
  /** Lets the clock follow real time again, from where it stands. */
  resume(): Promise<ClockState>
  /** Loads another scenario; `reset()` then goes back to it. */
  loadScenario(request: ScenarioRequest): Promise<SandboxInfo>
  /** The whole state as JSON, with the scenario it belongs to. */
  snapshot(): Promise<SandboxSnapshot>
  /** Replaces the whole state with a snapshot; a bad one is refused and nothing changes. */
  restore(snapshot: SandboxSnapshot): Promise<SandboxInfo>
  faults(): Promise<FaultRule[]>
  addFault(rule: FaultRuleInput): Promise<FaultRule>
  removeFault(id: string): Promise<void>
  clearFaults(): Promise<void>
  /** Journal entries, newest first. */
  requests(filter?: JournalFilter): Promise<JournalEntry[]>
  clearRequests(): Promise<void>
  /** The drift findings of the journal's entries: empty unless the server runs in proxy mode. */
  drift(): Promise<DriftLog>
  /** What the inspector shows: counts, the newest account groups, the Addepar group tree, the clock. */
  overview(): Promise<SandboxOverview>
}
