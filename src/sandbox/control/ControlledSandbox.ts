import type { Store } from '../../store/createStore.js'
import type { FaultRules } from '../faults/FaultRules.js'
import type { Journal } from '../journal/Journal.js'
import type { SandboxState } from '../sandboxState.js'
import type { Scenario } from '../scenarios/scenarioSchema.js'

export interface SandboxClock {
  /** The sandbox's current time. */
  now(): Date
  /** The current time as an RFC 3339 timestamp (seconds, UTC). */
  timestamp(): string
  /** Moves time forward, running every job that falls due on the way (closures, webhook retries). */
  advance(duration: string | number): Promise<void>
  freeze(): void
  resume(): void
  readonly mode: 'frozen' | 'real'
}

export interface SandboxInfo {
  scenario: string
  seed: number
  clock: string
  upvest: { clients: { client_id: string; client_secret: string; scopes: string[] }[] }
  addepar: {
    firms: {
      firm_id: string
      users: {
        name: string
        api_key: string
        api_secret: string
        permissions: Record<string, unknown>
        tokens: { token: string; scopes: string[] }[]
      }[]
    }[]
  }
}

/** What the control operations drive of a sandbox; the `Sandbox` class is one. */
export interface ControlledSandbox {
  readonly store: Store
  readonly scenario: Scenario
  readonly seed: number
  readonly clock: SandboxClock
  readonly faults: FaultRules
  readonly journal: Journal
  info(): SandboxInfo
  reset(): Promise<void>
  load(scenario: Scenario, seed: number, state?: SandboxState): Promise<void>
  exportState(): SandboxState
  importState(state: unknown): Promise<void>
}
