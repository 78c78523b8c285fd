import type { RequestHandler } from 'msw'
import { z } from 'zod'
import { toMswHandler } from '../adapters/toMswHandler.js'
import type { EngineRequest } from '../engine/EngineRequest.js'
import type { EngineResponse } from '../engine/EngineResponse.js'
import type { Outcome } from '../engine/handle.js'
import type { SandboxContext } from '../engine/SandboxContext.js'
import { createStore, SNAPSHOT_FORMAT, type Store } from '../store/createStore.js'
import { Table } from '../store/Table.js'
import type { UpvestContext } from '../upvest/UpvestContext.js'
import { createSandboxWebhooks, type SandboxWebhooks } from '../upvest/webhooks/createSandboxWebhooks.js'
import type { ControlledSandbox, SandboxClock, SandboxInfo } from './control/ControlledSandbox.js'
import { SandboxControl } from './control/SandboxControl.js'
import { FaultRules } from './faults/FaultRules.js'
import { DEFAULT_JOURNAL_SIZE, Journal } from './journal/Journal.js'
import { type Api, mountProviders, type Providers } from './mountProviders.js'
import type { SandboxChange } from './SandboxChange.js'
import { type SandboxState, STATE_FORMAT, sandboxState } from './sandboxState.js'
import { createIds, type Ids } from './scenarios/createIds.js'
import { resolveScenario } from './scenarios/parseScenario.js'
import type { Scenario, ScenarioInput } from './scenarios/scenarioSchema.js'
import { seedStore } from './scenarios/seedStore.js'
import { Clock } from './time/Clock.js'
import { parseDuration } from './time/parseDuration.js'
import { Scheduler } from './time/Scheduler.js'
import type { SandboxSnapshot } from './validateSnapshot.js'

export type { SandboxClock, SandboxInfo } from './control/ControlledSandbox.js'
export type { SandboxChange } from './SandboxChange.js'
export { type SandboxState, STATE_FORMAT, sandboxState } from './sandboxState.js'

export const DEFAULT_BASE_URLS = {
  upvest: 'https://sandbox.upvest.co/',
  addepar: 'https://examplefirm.addepar.com/api/',
} as const

export type BaseUrls = { upvest: string; addepar: string }

export interface CreateSandboxOptions {
  /** A built-in scenario name (`default`, `empty`, `households`, `large`) or an inline scenario. */
  scenario?: string | ScenarioInput
  /** Overrides the scenario's seed for generated data and run-time ids. */
  seed?: number
  /**
   * `frozen` (default): time moves only through `clock.advance()`. `real`: follows the wall clock from
   * creation. `start` overrides the scenario's start time.
   */
  clock?: 'frozen' | 'real' | { mode?: 'frozen' | 'real'; start?: string }
  /** Origins the handlers answer; the providers' real ones by default. */
  baseUrls?: Partial<BaseUrls>
  /** Overrides the scenario's `upvest.options.verifySignatures` (HTTP message signatures on requests). */
  verifySignatures?: boolean
  /** Entries the request journal keeps (500 by default); the oldest go first. */
  journalSize?: number
  /**
   * @internal Start with an empty store instead of seeding: for a state loaded right after (the local
   * server's kept sandboxes), where seeding `large` first would cost seconds for nothing.
   */
  unseeded?: boolean
}

/** The name a sandbox has in the journal when it is used in-process or in a page. */
export const IN_PROCESS = 'in-process'

/** One isolated sandbox: data, clock, scheduler and the handlers of both APIs over them. */
export class Sandbox implements SandboxContext, ControlledSandbox {
  readonly store: Store
  readonly ids: Ids
  readonly scheduler: Scheduler
  readonly clock: SandboxClock
  readonly baseUrls: BaseUrls
  /** Fault rules for requests to this sandbox: applied by the server's bridge, and in-process by `handlers`. */
  readonly faults: FaultRules
  /** Requests and responses the local server answered for this sandbox, newest kept. */
  readonly journal: Journal
  /** The control API as methods, the same operations as `/__sandbox/...` over HTTP. */
  readonly control: SandboxControl
  /** Upvest webhooks in-process: the outbox (`deliveries()`), `next(type)` and `redeliver(id)`. */
  readonly webhooks: SandboxWebhooks
  /** Both APIs' handlers at `baseUrls`, for `setupServer(...)` or `setupWorker(...)`. */
  readonly handlers: RequestHandler[]
  readonly #clock: Clock
  /** What `reset()` goes back to; `load()` replaces it. */
  #loaded: { scenario: Scenario; seed: number; start: number }
  readonly #verifySignatures: boolean | undefined
  readonly #resetHooks: (() => void)[] = []
  readonly #changeListeners = new Set<(change: SandboxChange) => void>()
  /** Above 0 while the whole state is being replaced (or replayed): its store writes are part of that, not changes of their own. */
  #replacing = 0
  readonly #mounts: Providers['mounts']
  /** @internal The Upvest side's context, for tests of its rules. */
  readonly upvest: UpvestContext
  readonly #now = () => this.#clock.now()

  constructor(
    scenario: Scenario,
    seed: number,
    clockMode: 'frozen' | 'real',
    start: number,
    baseUrls: BaseUrls,
    options: Pick<CreateSandboxOptions, 'journalSize' | 'verifySignatures'> = {},
  ) {
    this.#verifySignatures = options.verifySignatures
    this.#loaded = { scenario: withOverrides(scenario, options.verifySignatures), seed, start }
    this.store = createStore()
    this.store.onChange((change) => {
      if (this.#replacing === 0) this.#emit(change)
    })
    this.ids = createIds(this.store, () => this.#loaded.seed)
    this.#clock = new Clock(start, clockMode === 'real')
    this.scheduler = new Scheduler(this.store, this.#clock, this.ids)
    const clock = this.#clock
    const scheduler = this.scheduler
    this.clock = {
      now: () => new Date(clock.now()),
      timestamp: () => clock.timestamp(),
      advance: async (duration) => {
        await scheduler.runUntil(clock.now() + parseDuration(duration))
        this.#emitClock()
      },
      freeze: () => {
        clock.freeze()
        this.#emitClock()
      },
      resume: () => {
        clock.resume()
        this.#emitClock()
      },
      get mode() {
        return clock.following ? 'real' : 'frozen'
      },
    }
    this.baseUrls = baseUrls
    this.faults = new FaultRules(() => this.#loaded.seed)
    this.journal = new Journal(options.journalSize ?? DEFAULT_JOURNAL_SIZE)
    this.control = new SandboxControl(this)
    const providers = mountProviders(this)
    this.#mounts = providers.mounts
    this.upvest = providers.upvest
    this.webhooks = createSandboxWebhooks(providers.upvest)
    this.handlers = this.handlersFor(baseUrls)
  }

  /** The loaded scenario, the one `reset()` goes back to. */
  get scenario(): Scenario {
    return this.#loaded.scenario
  }

  get seed(): number {
    return this.#loaded.seed
  }

  /** The current sandbox time in milliseconds, for domain code. */
  now(): number {
    return this.#clock.now()
  }

  timestamp(): string {
    return this.#clock.timestamp()
  }

  /**
   * Answers one request to `api` through the engine's pipeline (faults, gatekeeping, handler, journal);
   * every runtime's adapter ends here. `id` names the sandbox in the journal; with `unmatched: 'not-found'`
   * a request no route takes gets the API's own 404 rather than nothing.
   */
  dispatch(api: Api, request: EngineRequest, options: { id?: string; unmatched?: 'not-found' } = {}): Promise<Outcome> {
    const around = {
      id: options.id ?? IN_PROCESS,
      faults: this.faults,
      journal: this.journal,
      now: this.#now,
      unmatched: options.unmatched,
    }
    return this.#mounts[api].answer(request, around)
  }

  /**
   * The control API (`<origin>__sandbox/...`) as an msw handler, so that every control operation, the
   * Upvest side's `activate` and `lock` included, can be driven over Fetch in-process and in a page too.
   */
  controlHandler(origin: string): RequestHandler {
    return toMswHandler(new URL('__sandbox/', origin).href, (request) => this.dispatch('control', request))
  }

  /** An error of a runtime's own (a body too large, a request it cannot read) in `api`'s format. */
  errorFor(api: Api, request: EngineRequest, status: number, detail: string): EngineResponse {
    return this.#mounts[api].error(request, status, detail)
  }

  /** msw handlers of both APIs answering other origins (for example a staging URL in a browser app). */
  handlersFor(baseUrls: Partial<BaseUrls>): RequestHandler[] {
    const urls = { ...this.baseUrls, ...baseUrls }
    return [
      toMswHandler(urls.upvest, (request) => this.dispatch('upvest', request)),
      toMswHandler(urls.addepar, (request) => this.dispatch('addepar', request)),
    ]
  }

  /** Runs jobs that are due by now; the local server calls it on a timer when the clock follows real time. */
  async runDueJobs(): Promise<number> {
    return this.scheduler.runUntil(this.#clock.now())
  }

  /** Registers state kept outside the store (caches) that must be dropped on reset or restore. */
  onReset(hook: () => void): void {
    this.#resetHooks.push(hook)
  }

  /**
   * Tells `listener` of every change of the state, synchronously, as it happens: each store write (records
   * as stored: never mutate them), the clock's time after an advance, a freeze or a resume, and a whole new
   * state after a reset, a scenario load or a restore (one change, not its thousands of writes). The local
   * server's change log is built on it. Returns the function that removes the listener.
   */
  onChange(listener: (change: SandboxChange) => void): () => void {
    this.#changeListeners.add(listener)
    return () => this.#changeListeners.delete(listener)
  }

  /** The change that seeds the loaded scenario afresh, as `onChange` reports a reset: where a change log can begin. */
  seedChange(): Extract<SandboxChange, { op: 'reset' }> {
    return { op: 'reset', scenario: this.scenario, seed: this.seed, start: this.#loaded.start }
  }

  /**
   * Replays changes `onChange` reported (from a change log), telling no listener: store writes as they were
   * (validated when they were first made), the clock, resets and whole states.
   */
  async apply(changes: Iterable<SandboxChange>): Promise<void> {
    this.#replacing++
    try {
      for (const change of changes) {
        switch (change.op) {
          case 'put':
            this.#table(change.table).put(change.record)
            break
          case 'delete':
            this.#table(change.table).delete(change.id)
            break
          case 'clear':
            this.#table(change.table).clear()
            break
          case 'counter':
            this.store.meta.counters[change.name] = change.value
            break
          case 'restore':
            throw new Error('a "restore" change cannot be replayed: record the "state" it led to')
          case 'clock':
            this.#clock.reset(change.at)
            break
          case 'reset':
            this.#loaded = {
              scenario: withOverrides(change.scenario, this.#verifySignatures),
              seed: change.seed,
              start: change.start,
            }
            await this.reset()
            break
          case 'state':
            await this.#restoreSnapshot(change.snapshot, change.intact === true)
            break
          default:
            throw new Error(`unknown change "${(change as { op: unknown }).op}"`)
        }
      }
    } finally {
      this.#replacing--
    }
    for (const hook of this.#resetHooks) hook()
  }

  /**
   * Back to the scenario's seeded state exactly: same records, same ids to come, clock at the start, no
   * fault rules. The journal is kept.
   */
  async reset(): Promise<void> {
    await this.#replace(async () => {
      this.#clock.reset(this.#loaded.start)
      await this.#seed()
      this.faults.clear()
    }, 'reset')
  }

  /**
   * Makes `scenario` (with `seed`) the sandbox's scenario, seeded afresh with the clock at its start, or
   * set to `state` when given (a state of that scenario). If seeding or the state fails, nothing changes.
   */
  async load(scenario: Scenario, seed: number, state?: SandboxState): Promise<void> {
    const previous = { loaded: this.#loaded, state: this.exportState() }
    const effective = withOverrides(scenario, this.#verifySignatures)
    await this.#replace(
      async () => {
        this.#loaded = { scenario: effective, seed, start: Date.parse(effective.clock) }
        try {
          if (state) await this.importState(state)
          else await this.reset()
        } catch (error) {
          this.#loaded = previous.loaded
          await this.importState(previous.state)
          throw error
        }
      },
      state ? 'state' : 'reset',
    )
  }

  /** The whole state (store and clock) as plain JSON, for `--data-file` and snapshots. */
  exportState(): SandboxState {
    return {
      format: STATE_FORMAT,
      scenario: this.scenario.name,
      seed: this.seed,
      clock: new Date(this.#clock.now()).toISOString(),
      store: this.store.snapshot(),
    }
  }

  /** Replaces the whole state with one taken by `exportState()`; refuses a state of another scenario. */
  async importState(state: unknown): Promise<void> {
    await this.#importState(state, false)
  }

  /** `importState`; `intact`: records this version wrote and validated, read back unchanged, are not validated again. */
  async #importState(state: unknown, intact: boolean): Promise<void> {
    await this.#replace(async () => {
      const parsed = sandboxState.parse(state)
      if (parsed.scenario !== this.scenario.name || parsed.seed !== this.seed) {
        throw new Error(
          `state belongs to scenario "${parsed.scenario}" seed ${parsed.seed}, not "${this.scenario.name}" seed ${this.seed}`,
        )
      }
      try {
        await this.store.restore(parsed.store, { validate: !intact })
      } catch (error) {
        if (!(error instanceof z.ZodError)) throw error
        throw new z.ZodError(error.issues.map((issue) => ({ ...issue, path: ['store', ...issue.path] })))
      }
      this.#clock.reset(Date.parse(parsed.clock))
      for (const hook of this.#resetHooks) hook()
    }, 'state')
  }

  /**
   * Runs a replacement of the whole state; once it succeeded (and is not part of another one), reports it
   * as one change. A failed one reports nothing: `load` puts the previous state back.
   */
  async #replace(work: () => Promise<void>, kind: 'reset' | 'state'): Promise<void> {
    this.#replacing++
    try {
      await work()
    } finally {
      this.#replacing--
    }
    if (this.#replacing > 0 || this.#changeListeners.size === 0) return
    if (kind === 'reset') {
      this.#emit(this.seedChange())
    } else {
      this.#emit({ op: 'state', snapshot: { ...this.exportState(), definition: this.scenario } })
    }
  }

  /** A snapshot with its scenario, as `apply` replays it: the same rules as `PUT /__sandbox/snapshot`. */
  async #restoreSnapshot(snapshot: SandboxSnapshot, intact: boolean): Promise<void> {
    const { definition, ...state } = snapshot
    if (state.scenario === this.scenario.name && state.seed === this.seed) await this.#importState(state, intact)
    else if (definition) await this.load(definition, state.seed, state)
    else throw new Error(`a state of scenario "${state.scenario}" seed ${state.seed} without its definition`)
  }

  #table(name: string): Table<z.ZodType<{ id: string }>> {
    const table = (this.store as unknown as Record<string, unknown>)[name]
    if (!(table instanceof Table)) throw new Error(`no table "${name}"`)
    return table as Table<z.ZodType<{ id: string }>>
  }

  #emitClock(): void {
    if (this.#changeListeners.size > 0) this.#emit({ op: 'clock', at: this.#clock.now() })
  }

  #emit(change: SandboxChange): void {
    for (const listener of this.#changeListeners) listener(change)
  }

  async #seed(): Promise<void> {
    await this.store.restore({ format: SNAPSHOT_FORMAT, meta: { counters: {} }, tables: {} })
    await seedStore(this.store, this.scenario, this.seed, this.scenario.name)
    for (const hook of this.#resetHooks) hook()
  }

  /** @internal Seeds the store the first time; `createSandbox` calls it. */
  async init(): Promise<this> {
    await this.#seed()
    return this
  }

  info(): SandboxInfo {
    const firms = [...this.store.addeparFirms.all()].map((firm) => ({
      firm_id: firm.id,
      users: [...this.store.addeparUsers.all()]
        .filter((u) => u.firm_id === firm.id)
        .map((u) => ({
          name: u.name,
          api_key: u.api_key,
          api_secret: u.api_secret,
          permissions: u.permissions,
          tokens: u.tokens,
        })),
    }))
    return {
      scenario: this.scenario.name,
      seed: this.seed,
      clock: this.#clock.timestamp(),
      upvest: {
        clients: [...this.store.upvestClients.all()].map((c) => ({
          client_id: c.id,
          client_secret: c.client_secret,
          scopes: c.scopes,
        })),
      },
      addepar: { firms },
    }
  }
}

/** The scenario with the options a sandbox was created with applied over its own. */
function withOverrides(scenario: Scenario, verifySignatures: boolean | undefined): Scenario {
  if (verifySignatures === undefined) return scenario
  return { ...scenario, upvest: { ...scenario.upvest, options: { ...scenario.upvest.options, verifySignatures } } }
}

/** Builds a sandbox seeded from a scenario. Runs in Node and in a browser. */
export async function createSandbox(options: CreateSandboxOptions = {}): Promise<Sandbox> {
  const scenario = resolveScenario(options.scenario ?? 'default')
  const clockOption = typeof options.clock === 'string' ? { mode: options.clock } : (options.clock ?? {})
  const start = Date.parse(clockOption.start ?? scenario.clock)
  if (Number.isNaN(start)) throw new RangeError(`clock.start: not a date-time: ${clockOption.start}`)
  const sandbox = new Sandbox(
    scenario,
    options.seed ?? scenario.seed,
    clockOption.mode ?? 'frozen',
    start,
    { ...DEFAULT_BASE_URLS, ...options.baseUrls },
    options,
  )
  return options.unseeded ? sandbox : sandbox.init()
}
