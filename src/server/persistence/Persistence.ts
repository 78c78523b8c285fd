import { join, resolve } from 'node:path'
import type { Sandbox } from '../../sandbox/createSandbox.js'
import { SandboxLog } from './SandboxLog.js'
import { sandboxFileName } from './sandboxFileName.js'

export interface PersistenceOptions {
  /** Keep every sandbox id's state in this directory, a snapshot and logs per id. */
  dataDir?: string
  /** Keep the default sandbox's state in this file (and logs beside it). */
  dataFile?: string
  /** The id `dataFile` keeps. */
  defaultId: string
  /** Compaction starts once a log holds this many bytes and half the size of the state (16 MiB by default). */
  compactAfterBytes?: number
}

/**
 * The server's persistence (docs/persistence.md): a `SandboxLog` per kept sandbox, opened when the registry
 * creates the sandbox and closed when it drops or evicts it. Operations on one id run one after another, so
 * a sandbox dropped and asked for again right away never reads files being deleted.
 */
export class Persistence {
  readonly #options: PersistenceOptions
  readonly #logs = new WeakMap<Sandbox, SandboxLog>()
  readonly #open = new Map<string, SandboxLog>()
  readonly #queues = new Map<string, Promise<unknown>>()

  constructor(options: PersistenceOptions) {
    if (options.dataDir && options.dataFile) {
      throw new Error('--data-dir and --data-file: give one (--data-dir keeps the default sandbox too)')
    }
    this.#options = options
  }

  /** Where the snapshot of sandbox `id` lives, or nothing when it is not kept. */
  pathFor(id: string): string | undefined {
    const { dataDir, dataFile, defaultId } = this.#options
    if (dataDir) return join(resolve(dataDir), sandboxFileName(id))
    return dataFile && id === defaultId ? resolve(dataFile) : undefined
  }

  /** Whether anything of `id` is kept on disk: then the sandbox's state comes from there, not from seeding. */
  async has(id: string): Promise<boolean> {
    const path = this.pathFor(id)
    return path !== undefined && (await SandboxLog.exists(path))
  }

  /** Loads the kept state of `id` into the freshly created `sandbox` and logs its changes from now on. */
  attach(id: string, sandbox: Sandbox): Promise<void> {
    const path = this.pathFor(id)
    if (!path) return Promise.resolve()
    return this.#serially(id, async () => {
      const log = await SandboxLog.open(sandbox, id, path, {
        label: this.#options.dataDir ? '--data-dir' : '--data-file',
        compactAfterBytes: this.#options.compactAfterBytes,
      })
      this.#logs.set(sandbox, log)
      this.#open.set(id, log)
    })
  }

  /** Resolves once every change of `sandbox` so far is on disk (at once when it is not kept). */
  persisted(sandbox: Sandbox): Promise<void> {
    return this.#logs.get(sandbox)?.persisted() ?? Promise.resolve()
  }

  /** Stops keeping `id` in memory (evicted): its files stay, and load on its next use. */
  detach(id: string): Promise<void> {
    return this.#serially(id, async () => {
      const log = this.#open.get(id)
      this.#open.delete(id)
      await log?.close()
    })
  }

  /** Stops keeping `id` at all and deletes its files; resolves whether there was anything to forget. */
  forget(id: string): Promise<boolean> {
    const path = this.pathFor(id)
    if (!path) return Promise.resolve(false)
    return this.#serially(id, async () => {
      const log = this.#open.get(id)
      this.#open.delete(id)
      await log?.close({ compact: false })
      return (await SandboxLog.remove(path)) || log !== undefined
    })
  }

  /** Writes what is pending of every sandbox and compacts each log. */
  async close(): Promise<void> {
    await Promise.all([...this.#open.keys()].map((id) => this.detach(id)))
  }

  #serially<T>(id: string, work: () => Promise<T>): Promise<T> {
    const result = (this.#queues.get(id) ?? Promise.resolve()).then(work)
    const settled = result.catch(() => undefined)
    this.#queues.set(id, settled)
    void settled.then(() => {
      if (this.#queues.get(id) === settled) this.#queues.delete(id)
    })
    return result
  }
}
