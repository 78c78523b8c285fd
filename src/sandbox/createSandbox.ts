import type { RequestHandler } from 'msw'
import { toMswHandler } from '../adapters/toMswHandler.js'
import type { EngineRequest } from '../engine/EngineRequest.js'
import type { EngineResponse } from '../engine/EngineResponse.js'
import type { Outcome } from '../engine/handle.js'
import type { SandboxContext } from '../engine/SandboxContext.js'
import { createStore, SNAPSHOT_FORMAT, type Store } from '../store/createStore.js'
import type { UpvestContext } from '../upvest/UpvestContext.js'
import { createSandboxWebhooks, type SandboxWebhooks } from '../upvest/webhooks/createSandboxWebhooks.js'
import { Clock } from './Clock.js'
import type { ControlledSandbox, SandboxClock, SandboxInfo } from './ControlledSandbox.js'
import { createIds, type Ids } from './createIds.js'
import { FaultRules } from './FaultRules.js'
import { DEFAULT_JOURNAL_SIZE, Journal } from './Journal.js'
import { type Api, mountProviders, type Providers } from './mountProviders.js'
import { parseDuration } from './parseDuration.js'
import { resolveScenario } from './parseScenario.js'
import { SandboxControl } from './SandboxControl.js'
import { Scheduler } from './Scheduler.js'
import { type SandboxState, STATE_FORMAT, sandboxState } from './sandboxState.js'
import type { Scenario, ScenarioInput } from './scenarioSchema.js'
import { seedStore } from './seedStore.js'

export type { SandboxClock, SandboxInfo } from './ControlledSandbox.js'
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
      },
      freeze: () => clock.freeze(),
      resume: () => clock.resume(),
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
  async dispatch(
    api: Api,
    request: EngineRequest,
    options: { id?: string; unmatched?: 'not-found' } = {},
  ): Promise<Outcome> {
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
   * Back to the scenario's seeded state exactly: same records, same ids to come, clock at the start, no
   * fault rules. The journal is kept.
   */
  async reset(): Promise<void> {
    this.#clock.reset(this.#loaded.start)
    await this.#seed()
    this.faults.clear()
  }

  /**
   * Makes `scenario` (with `seed`) the sandbox's scenario, seeded afresh with the clock at its start, or
   * set to `state` when given (a state of that scenario). If seeding or the state fails, nothing changes.
   */
  async load(scenario: Scenario, seed: number, state?: SandboxState): Promise<void> {
    const previous = { loaded: this.#loaded, state: this.exportState() }
    const effective = withOverrides(scenario, this.#verifySignatures)
    this.#loaded = { scenario: effective, seed, start: Date.parse(effective.clock) }
    try {
      if (state) await this.importState(state)
      else await this.reset()
    } catch (error) {
      this.#loaded = previous.loaded
      await this.importState(previous.state)
      throw error
    }
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
    const parsed = sandboxState.parse(state)
    if (parsed.scenario !== this.scenario.name || parsed.seed !== this.seed) {
      throw new Error(
        `state belongs to scenario "${parsed.scenario}" seed ${parsed.seed}, not "${this.scenario.name}" seed ${this.seed}`,
      )
    }
    await this.store.restore(parsed.store)
    this.#clock.reset(Date.parse(parsed.clock))
    for (const hook of this.#resetHooks) hook()
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
  return sandbox.init()
}
