import type { Ids } from '../sandbox/scenarios/createIds.js'
import type { Scenario } from '../sandbox/scenarios/scenarioSchema.js'
import type { Scheduler } from '../sandbox/time/Scheduler.js'
import type { Store } from '../store/createStore.js'

/**
 * What a provider may use of the sandbox it runs in: its data, time, ids and scheduled jobs. Providers
 * get this, never the `Sandbox` class, so nothing below the composition file depends on it.
 */
export interface SandboxContext {
  readonly store: Store
  readonly ids: Ids
  readonly scheduler: Scheduler
  /** The loaded scenario (its options shape the providers' rules). */
  readonly scenario: Scenario
  readonly seed: number
  /** The sandbox time, ms. */
  now(): number
  /** The sandbox time as RFC 3339 (seconds, UTC). */
  timestamp(): string
  /** Runs the jobs that are due now (a webhook test is sent right after its 202). */
  runDueJobs(): Promise<number>
  /** Registers state kept beside the store (caches, counters) that a reset or restore must drop. */
  onReset(hook: () => void): void
}
