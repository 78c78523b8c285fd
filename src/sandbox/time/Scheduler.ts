import type { Store } from '../../store/createStore.js'
import type { ScheduledJob } from '../../store/schemas.js'
import type { Ids } from '../scenarios/createIds.js'
import type { Clock } from './Clock.js'

export type JobRunner = (payload: Record<string, unknown>, job: ScheduledJob) => Promise<void> | void

/**
 * Delayed work on the sandbox clock (closures, webhook retries). Jobs are records in the store, so
 * they survive snapshots and restarts; runners are registered by kind when the sandbox is built.
 */
export class Scheduler {
  readonly #runners = new Map<string, JobRunner>()
  #running: Promise<void> | null = null

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ids: Ids,
  ) {}

  register(kind: string, runner: JobRunner): void {
    this.#runners.set(kind, runner)
  }

  async schedule(kind: string, delayMs: number, payload: Record<string, unknown>): Promise<ScheduledJob> {
    if (!this.#runners.has(kind)) throw new Error(`scheduler: no runner for job kind "${kind}"`)
    return this.store.jobs.insert({
      id: this.ids.uuid(),
      due_at: new Date(this.clock.now() + delayMs).toISOString(),
      kind,
      payload,
    })
  }

  /** Pending jobs, earliest first. */
  pending(): ScheduledJob[] {
    return [...this.store.jobs.all()].sort(byDue)
  }

  /** Runs every job due at or before `until`, each at its own due time, including jobs they schedule. */
  async runUntil(until: number): Promise<number> {
    // One run at a time: a timer tick and an advance must not run the same job twice.
    while (this.#running) await this.#running
    let done!: () => void
    this.#running = new Promise((resolve) => {
      done = resolve
    })
    let ran = 0
    try {
      for (;;) {
        const next = this.pending()[0]
        if (!next || Date.parse(next.due_at) > until) break
        this.clock.set(Date.parse(next.due_at))
        this.store.jobs.delete(next.id)
        const runner = this.#runners.get(next.kind)
        if (runner) await runner(next.payload, next)
        ran++
      }
      this.clock.set(until)
    } finally {
      this.#running = null
      done()
    }
    return ran
  }
}

function byDue(a: ScheduledJob, b: ScheduledJob): number {
  return a.due_at < b.due_at ? -1 : a.due_at > b.due_at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}
