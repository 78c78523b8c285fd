import type { Sandbox } from '../sandbox/createSandbox.js'
import { saveDataFile } from './dataFile.js'

export interface DataFileWriterOptions {
  /** Quiet time after a change before saving. */
  debounceMs?: number
  /** A stream of changes is still saved at least this often. */
  maxDelayMs?: number
  onError?: (error: unknown) => void
}

/**
 * Keeps `--data-file` up to date so that state survives a crash, not only a clean shutdown: a save
 * shortly after changes (debounced, and never later than `maxDelayMs` after the first unsaved change),
 * one save at a time, and a last one on close.
 */
export class DataFileWriter {
  #timer: NodeJS.Timeout | null = null
  #firstChange = 0
  #saving: Promise<void> = Promise.resolve()
  #closed = false
  readonly #debounceMs: number
  readonly #maxDelayMs: number
  readonly #onError: (error: unknown) => void

  constructor(
    private readonly sandbox: Sandbox,
    private readonly path: string,
    options: DataFileWriterOptions = {},
  ) {
    this.#debounceMs = options.debounceMs ?? 200
    this.#maxDelayMs = options.maxDelayMs ?? 1000
    this.#onError = options.onError ?? ((error) => console.error(`--data-file ${path}: ${(error as Error).message}`))
  }

  /** Notes a change; the save follows once changes pause. */
  changed(): void {
    if (this.#closed) return
    const now = Date.now()
    if (this.#timer === null) this.#firstChange = now
    else clearTimeout(this.#timer)
    const wait = Math.max(0, Math.min(this.#debounceMs, this.#firstChange + this.#maxDelayMs - now))
    this.#timer = setTimeout(() => {
      this.#timer = null
      this.#saving = this.#saving.then(() => saveDataFile(this.sandbox, this.path)).catch(this.#onError)
    }, wait)
    this.#timer.unref()
  }

  /** Stops listening and saves the current state; rejects if that last save fails. */
  async close(): Promise<void> {
    this.#closed = true
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = null
    await this.#saving
    await saveDataFile(this.sandbox, this.path)
  }
}
