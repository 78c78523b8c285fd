import type { SandboxSummary } from '../sandbox/control/ControlApi.js'
import { ControlError } from '../sandbox/control/ControlError.js'
import { type CreateSandboxOptions, createSandbox, type Sandbox } from '../sandbox/createSandbox.js'
import { Persistence } from './persistence/Persistence.js'

export interface RegistryEntry {
  sandbox: Sandbox
}

export interface SandboxRegistryOptions extends CreateSandboxOptions {
  /** Sandboxes kept at once, the default one included; past it the least recently used other one is dropped. */
  maxSandboxes?: number
  /** Keep every sandbox's state in this directory across restarts (docs/persistence.md). */
  dataDir?: string
  /** Keep the default sandbox's state in this file across restarts (docs/persistence.md). */
  dataFile?: string
  /** A change log is compacted once it holds this many bytes and half the size of the state (16 MiB by default). */
  compactAfterBytes?: number
}

export const DEFAULT_SANDBOX_ID = 'default'
export const DEFAULT_MAX_SANDBOXES = 100

interface Slot {
  entry: Promise<RegistryEntry>
  createdAt: number
  lastUsed: number
}

/**
 * The sandboxes of one server: the default one, plus one per `x-sandbox-id`, created on first use from
 * the server's scenario. Their number is bounded: creating one past `maxSandboxes` drops the least
 * recently used (never the default), so a test suite that makes a fresh id per test cannot exhaust memory.
 */
export class SandboxRegistry {
  readonly #slots = new Map<string, Slot>()
  readonly #persistence: Persistence | undefined
  readonly maxSandboxes: number

  constructor(private readonly options: SandboxRegistryOptions) {
    this.maxSandboxes = options.maxSandboxes ?? DEFAULT_MAX_SANDBOXES
    if (!Number.isInteger(this.maxSandboxes) || this.maxSandboxes < 1) {
      throw new RangeError('maxSandboxes: a positive integer')
    }
    const { dataDir, dataFile, compactAfterBytes } = options
    this.#persistence =
      dataDir || dataFile
        ? new Persistence({ dataDir, dataFile, compactAfterBytes, defaultId: DEFAULT_SANDBOX_ID })
        : undefined
  }

  get(id: string = DEFAULT_SANDBOX_ID): Promise<RegistryEntry> {
    const now = Date.now()
    const slot = this.#slots.get(id)
    if (slot) {
      slot.lastUsed = now
      return slot.entry
    }
    const entry = this.#create(id)
    this.#slots.set(id, { entry, createdAt: now, lastUsed: now })
    entry.catch(() => {
      if (this.#slots.get(id)?.entry === entry) this.#slots.delete(id)
    })
    this.#evict()
    return entry
  }

  /** Every sandbox created so far. */
  async all(): Promise<Map<string, Sandbox>> {
    const out = new Map<string, Sandbox>()
    for (const [id, slot] of this.#slots) out.set(id, (await slot.entry).sandbox)
    return out
  }

  async list(): Promise<SandboxSummary[]> {
    const out: SandboxSummary[] = []
    for (const [id, slot] of this.#slots) {
      const { sandbox } = await slot.entry
      out.push({
        id,
        scenario: sandbox.scenario.name,
        seed: sandbox.seed,
        clock: { now: sandbox.clock.timestamp(), mode: sandbox.clock.mode },
        created_at: new Date(slot.createdAt).toISOString(),
        last_used_at: new Date(slot.lastUsed).toISOString(),
        requests: sandbox.journal.size,
        faults: sandbox.faults.size,
      })
    }
    return out
  }

  /**
   * Drops a sandbox with everything in it, its kept files included; the next request with its id starts a
   * fresh one.
   */
  async drop(id: string): Promise<void> {
    if (id === DEFAULT_SANDBOX_ID) {
      throw new ControlError(409, 'the default sandbox cannot be dropped; POST /__sandbox/reset resets it', 'id')
    }
    const dropped = this.#slots.delete(id)
    // An evicted sandbox of `--data-dir` is not in memory, but it is still there.
    const forgotten = (await this.#persistence?.forget(id)) ?? false
    if (!dropped && !forgotten) throw new ControlError(404, `no sandbox "${id}"`, 'id')
  }

  /**
   * Resolves once every change of `sandbox` so far is on disk, at once without persistence: the local server
   * awaits it before it answers a request that may have changed the state (docs/persistence.md#durability).
   */
  persisted(sandbox: Sandbox): Promise<void> {
    return this.#persistence?.persisted(sandbox) ?? Promise.resolve()
  }

  /** Saves what is pending of every kept sandbox and stops keeping them. */
  async close(): Promise<void> {
    await this.#persistence?.close()
  }

  #evict(): void {
    while (this.#slots.size > this.maxSandboxes) {
      let oldest: [string, Slot] | undefined
      for (const pair of this.#slots) {
        if (pair[0] !== DEFAULT_SANDBOX_ID && (!oldest || pair[1].lastUsed < oldest[1].lastUsed)) oldest = pair
      }
      if (!oldest) return
      this.#slots.delete(oldest[0])
      this.#persistence?.detach(oldest[0]).catch((error: unknown) => console.error(error))
    }
  }

  async #create(id: string): Promise<RegistryEntry> {
    // Kept state replaces the seeded one at once: seeding first (seconds at `large`) would be thrown away.
    const kept = await this.#persistence?.has(id)
    const sandbox = await createSandbox({ ...this.options, unseeded: kept })
    await this.#persistence?.attach(id, sandbox)
    return { sandbox }
  }
}
