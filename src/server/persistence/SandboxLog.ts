import { constants } from 'node:fs'
import { type FileHandle, mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { z } from 'zod'
import type { Sandbox, SandboxChange } from '../../sandbox/createSandbox.js'
import { STATE_FORMAT } from '../../sandbox/sandboxState.js'
import type { SandboxSnapshot } from '../../sandbox/validateSnapshot.js'
import { Table } from '../../store/Table.js'
import { decodeFrames } from './decodeFrames.js'
import { encodeFrame } from './encodeFrame.js'
import { SnapshotChecksum } from './SnapshotChecksum.js'
import { syncDirectory } from './syncDirectory.js'
import { writeAt } from './writeAt.js'
import { type PersistedSnapshot, writeSnapshotFile } from './writeSnapshotFile.js'

export const LOG_FORMAT = 'wealth-sandbox/log@2'
/** Logs of the version before, which never end in zeros: read the same way. */
const EARLIER_LOG_FORMAT = 'wealth-sandbox/log@1'
export const PERSISTENCE_FORMAT = 'wealth-sandbox/persistence@1'

export interface SandboxLogOptions {
  /** Names the option in messages: `--data-file` or `--data-dir`. */
  label?: string
  /** Compaction starts once the log holds this many bytes and half the size of the state (16 MiB by default). */
  compactAfterBytes?: number
  warn?: (message: string) => void
}

interface Frame {
  generation: number
  seq: number
  bytes: Buffer
}

interface OpenFile {
  generation: number
  handle: FileHandle
  /** Where the next frame goes: the end of what was written. */
  end: number
  /** The file's length: zeros from `end` on, written ahead (`#reserve`). */
  length: number
}

const DEFAULT_COMPACT_AFTER = 16 * 1024 * 1024
// Logs are opened with O_DSYNC where there is one: a write returns once it is on disk, one trip to libuv's thread
// pool per batch instead of two (write, then fdatasync); about 1.2x the writes per second with persistence on.
const SYNC_WRITES = constants.O_DSYNC
const LOG_FLAGS =
  SYNC_WRITES === undefined ? 'w' : constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | SYNC_WRITES
const logName = (snapshotPath: string, generation: number) => `${snapshotPath}.${generation}.log`
/**
 * A log is made longer with zeros ahead of its frames, a step at a time, twice the last step up to the largest:
 * a synchronous write within the file's length changes no metadata, where one that makes it longer also waits
 * for the file system's journal (0.17 ms against 0.22 ms per write here). A sandbox that logs little keeps a
 * small file.
 */
const FIRST_RESERVE = 64 * 1024
const LARGEST_RESERVE = 4 * 1024 * 1024

/** `ok`, or why a `format` field is not the one this version reads: a newer version's, or something else's. */
function judgeFormat(found: unknown, expected: string): 'ok' | 'newer' | 'foreign' {
  if (found === expected) return 'ok'
  const [name, version] = expected.split('@')
  const match = typeof found === 'string' ? /^(.*)@(\d+)$/.exec(found) : null
  return match && match[1] === name && Number(match[2]) > Number(version) ? 'newer' : 'foreign'
}

/** An error as one line; of a failed validation, the first three issues with their paths. */
function describe(error: unknown): string {
  if (!(error instanceof z.ZodError)) return (error as Error).message
  const first = z.prettifyError(new z.ZodError(error.issues.slice(0, 3)))
  return first
    .replace(/^✖ /, '')
    .replaceAll(/\n\s*→/g, '')
    .replaceAll(/\n✖ /g, '; ')
}

/**
 * One sandbox's state on disk (docs/persistence.md): a compacted snapshot at `path` and change logs beside
 * it (`path.<generation>.log`). Every change the sandbox reports is appended to the current log; frames
 * are sealed at the end of the event-loop turn that made them and written to disk (O_DSYNC, or `fdatasync`),
 * one batch at a time (group commit): `persisted()` resolves once everything so far is on disk. Once the log
 * outgrows its bound, a new generation starts and the state as it was at that instant is written as the new
 * snapshot in the background, then the older logs are deleted.
 */
export class SandboxLog {
  readonly #sandbox: Sandbox
  readonly #id: string
  readonly #path: string
  readonly #label: string
  readonly #compactAfter: number
  readonly #warn: (message: string) => void
  #unsubscribe: () => void = () => {}
  #pending: SandboxChange[] = []
  #sealScheduled = false
  #queue: Frame[] = []
  #sealed = 0
  #durable = 0
  #waiters: { seq: number; resolve: () => void; reject: (error: Error) => void }[] = []
  #writing: Promise<void> | null = null
  #failure: Error | null = null
  #file: OpenFile | null = null
  #generation: number
  /** Bytes of the logs that apply on top of the snapshot. */
  #logBytes = 0
  /** Log bytes past which compaction is due: the larger of the option and half the state's size, as last estimated. */
  #compactAt = 0
  #compacting: Promise<void> | null = null
  #closed = false
  #changedAfterClose = false

  private constructor(sandbox: Sandbox, id: string, path: string, generation: number, options: SandboxLogOptions) {
    this.#sandbox = sandbox
    this.#id = id
    this.#path = path
    this.#generation = generation
    this.#label = options.label ?? '--data-dir'
    this.#compactAfter = options.compactAfterBytes ?? DEFAULT_COMPACT_AFTER
    this.#warn = options.warn ?? ((message) => console.warn(`wealth-sandbox: ${message}`))
  }

  /**
   * Loads the saved state of sandbox `id` into `sandbox` (snapshot, then every log in order) and starts
   * logging its changes. Nothing there yet: the sandbox's seeded scenario is the log's first record. A file
   * of another format, a newer version's or another sandbox's is refused, and nothing is written.
   */
  static async open(sandbox: Sandbox, id: string, path: string, options: SandboxLogOptions = {}): Promise<SandboxLog> {
    const label = options.label ?? '--data-dir'
    const refuse = (file: string, reason: string) =>
      new Error(`${label} ${file}: refusing to load it and refusing to overwrite it: ${reason}`)
    const directory = dirname(path)
    await mkdir(directory, { recursive: true })

    const snapshot = await readSnapshot(path, id, refuse)
    const logs = (await readdir(directory))
      .map((name) => ({ name, generation: logGeneration(path, name) }))
      .filter((log): log is { name: string; generation: number } => log.generation !== undefined)
      .sort((a, b) => a.generation - b.generation)
    const base = snapshot?.generation ?? 1
    const stale = logs.filter((log) => log.generation < base)
    const live = logs.filter((log) => log.generation >= base)
    if (snapshot?.legacy && live.length > 0) {
      throw refuse(
        path,
        `it has no "persistence" field (an earlier version's file, or one put in its place), yet ${live[0]?.name} lies beside it`,
      )
    }
    for (const [i, log] of live.entries()) {
      const expected = (snapshot ? base : (live[0]?.generation ?? base)) + i
      if (log.generation !== expected) throw refuse(join(directory, log.name), `log generation ${expected} is missing`)
    }

    try {
      if (snapshot) await sandbox.apply([{ op: 'state', snapshot: snapshot.value, intact: snapshot.intact }])
    } catch (error) {
      throw refuse(path, describe(error))
    }
    // Each start appends to a generation of its own, so a torn tail is never followed by new frames.
    const log = new SandboxLog(sandbox, id, path, (live.at(-1)?.generation ?? base - 1) + 1, options)
    log.#compactAt = Math.max(log.#compactAfter, (snapshot?.bytes ?? 0) / 2)
    let torn = false
    /** Whether a whole state is loaded that later changes apply to: the snapshot, or a log's first change. */
    let based = snapshot !== undefined
    for (const each of live) {
      const file = join(directory, each.name)
      const bytes = await readFile(file)
      const { payloads, end, torn: cut } = decodeFrames(bytes)
      const header = payloads[0] === undefined ? undefined : parseJson(payloads[0])
      const format = header?.format === EARLIER_LOG_FORMAT ? 'ok' : judgeFormat(header?.format, LOG_FORMAT)
      if (format !== 'ok') {
        throw refuse(
          file,
          format === 'newer'
            ? `written by a newer version of wealth-sandbox (${String(header?.format)}; this one reads ${LOG_FORMAT})`
            : `not a wealth-sandbox change log (no "format": "${LOG_FORMAT}" header)`,
        )
      }
      if (header?.sandbox !== id) throw refuse(file, `it belongs to sandbox "${String(header?.sandbox)}", not "${id}"`)
      if (header.generation !== each.generation) {
        throw refuse(file, `its header says generation ${String(header.generation)}`)
      }
      if (cut) {
        torn = true
        log.#warn(
          `${file}: ignoring a torn tail at offset ${end} (${bytes.length - end} bytes): a write the process did not finish, never acknowledged`,
        )
      }
      const changes: SandboxChange[] = []
      for (const [j, payload] of payloads.slice(1).entries()) {
        const frame = parseJson(payload)
        if (!Array.isArray(frame)) throw refuse(file, `record ${j + 1} is not a list of changes`)
        changes.push(...(frame as SandboxChange[]))
      }
      const first = changes[0]?.op
      if (!based && first !== undefined) {
        if (first !== 'reset' && first !== 'state') {
          throw refuse(file, `its snapshot ${path} is missing, and the log does not begin with a whole state`)
        }
        based = true
      }
      try {
        await sandbox.apply(changes)
      } catch (error) {
        throw refuse(file, describe(error))
      }
      log.#logBytes += end
    }
    // Covered by the snapshot, or left by a write that never finished (a snapshot, a log's creation).
    for (const each of stale) await rm(join(directory, each.name), { force: true })
    for (const name of await readdir(directory)) {
      if (name === `${basename(path)}.tmp` || (name.endsWith('.log.tmp') && logGeneration(path, name.slice(0, -4)))) {
        await rm(join(directory, name), { force: true })
      }
    }

    // Logs with no change at all (a crash right after the first one was created): the sandbox, made without
    // seeding for the state kept here, is seeded now.
    if (!based && live.length > 0) await sandbox.reset()
    log.#unsubscribe = sandbox.onChange((change) => log.#append(change))
    // A first start: the scenario it was seeded from is the state the log's changes apply to.
    if (!based) log.#append(sandbox.seedChange())
    await log.persisted()
    // An earlier version's data file: rewritten with its `persistence` field before any log lies beside it.
    if (snapshot?.legacy) await log.#compact()
    if (torn || log.#dueForCompaction()) log.#compactInBackground()
    return log
  }

  /** Resolves once every change reported so far is on disk; rejects if the log cannot be written. */
  persisted(): Promise<void> {
    if (this.#closed && this.#changedAfterClose) {
      return Promise.reject(new Error(`sandbox "${this.#id}" was closed while a request changed it; not saved`))
    }
    if (this.#failure) return Promise.reject(this.#failure)
    this.#seal()
    if (this.#durable >= this.#sealed) return Promise.resolve()
    return new Promise((resolve, reject) => this.#waiters.push({ seq: this.#sealed, resolve, reject }))
  }

  /**
   * Stops logging: writes what is pending and, when anything was logged since the snapshot (and `compact`
   * is not false), compacts, so that a clean shutdown leaves the snapshot alone, holding the whole state.
   */
  async close({ compact = true }: { compact?: boolean } = {}): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    this.#unsubscribe()
    this.#seal()
    await this.#idle()
    await this.#compacting
    if (compact && !this.#failure && this.#logBytes > 0) await this.#compact()
    await this.#closeFile()
  }

  /** Whether the snapshot at `path` or a log of it is there. */
  static async exists(path: string): Promise<boolean> {
    const names = await readdir(dirname(path)).catch(() => [])
    return names.some((name) => name === basename(path) || logGeneration(path, name) !== undefined)
  }

  /** Deletes the files of the snapshot at `path` (of a closed log); resolves whether there were any. */
  static async remove(path: string): Promise<boolean> {
    const directory = dirname(path)
    const own = (name: string) =>
      name === basename(path) ||
      name === `${basename(path)}.tmp` ||
      logGeneration(path, name.replace(/\.tmp$/, '')) !== undefined
    let removed = false
    for (const name of await readdir(directory).catch(() => [])) {
      if (!own(name)) continue
      await rm(join(directory, name), { force: true })
      removed = true
    }
    return removed
  }

  #append(change: SandboxChange): void {
    if (this.#closed) {
      this.#changedAfterClose = true
      return
    }
    // A restore of the store alone (not through the sandbox) is logged as the whole state it led to.
    this.#pending.push(
      change.op === 'restore'
        ? { op: 'state', snapshot: { ...this.#sandbox.exportState(), definition: this.#sandbox.scenario } }
        : change,
    )
    if (!this.#sealScheduled) {
      this.#sealScheduled = true
      setImmediate(() => this.#seal())
    }
  }

  /** Turns the pending changes into one frame: a request's writes usually happen within one turn, so they land together. */
  #seal(): void {
    this.#sealScheduled = false
    if (this.#pending.length === 0) return
    const changes: SandboxChange[] = []
    // Only a counter's last value matters; between whole-state changes, one per counter will do.
    const counters = new Map<string, number>()
    const flushCounters = () => {
      for (const [name, value] of counters) changes.push({ op: 'counter', name, value })
      counters.clear()
    }
    for (const change of this.#pending) {
      if (change.op === 'counter') counters.set(change.name, change.value)
      else {
        if (change.op === 'reset' || change.op === 'state') flushCounters()
        changes.push(change)
      }
    }
    flushCounters()
    changes.push({ op: 'clock', at: this.#sandbox.now() })
    this.#pending = []
    const bytes = encodeFrame(JSON.stringify(changes))
    this.#queue.push({ generation: this.#generation, seq: ++this.#sealed, bytes })
    this.#logBytes += bytes.length
    this.#write()
    if (this.#dueForCompaction()) this.#compactInBackground()
  }

  #write(): void {
    if (this.#writing || this.#queue.length === 0 || this.#failure) return
    this.#writing = this.#drain()
      .catch((error: Error) => this.#fail(error))
      .finally(() => {
        this.#writing = null
        this.#write()
      })
  }

  /** Writes queued frames, a generation's run at a time, one synchronous write (or write and `fdatasync`) per batch. */
  async #drain(): Promise<void> {
    while (this.#queue.length > 0 && !this.#failure) {
      const generation = (this.#queue[0] as Frame).generation
      let n = 0
      while (n < this.#queue.length && (this.#queue[n] as Frame).generation === generation) n++
      const batch = this.#queue.splice(0, n)
      const file = await this.#fileFor(generation)
      const bytes = batch.length === 1 ? (batch[0] as Frame).bytes : Buffer.concat(batch.map((frame) => frame.bytes))
      if (file.end + bytes.length > file.length) await this.#reserve(file, file.end + bytes.length)
      await writeAt(file.handle, bytes, file.end)
      file.end += bytes.length
      if (SYNC_WRITES === undefined) await file.handle.datasync()
      this.#durable = (batch.at(-1) as Frame).seq
      const done = this.#waiters.filter((waiter) => waiter.seq <= this.#durable)
      this.#waiters = this.#waiters.filter((waiter) => waiter.seq > this.#durable)
      for (const waiter of done) waiter.resolve()
    }
  }

  /**
   * A write or flush failed: the file's end is unknown and retrying a failed `fsync` can silently lose data,
   * so this log takes no more writes; every request that changes the sandbox fails until a restart.
   */
  #fail(error: Error): void {
    if (this.#failure) return
    this.#failure = new Error(`${this.#label} ${this.#path}: cannot write the change log: ${error.message}`)
    console.error(`wealth-sandbox: ${this.#failure.message}; changes are no longer saved`)
    for (const waiter of this.#waiters.splice(0)) waiter.reject(this.#failure)
    this.#queue = []
  }

  async #fileFor(generation: number): Promise<OpenFile> {
    if (this.#file?.generation === generation) return this.#file
    await this.#closeFile()
    this.#file = await this.#create(generation)
    return this.#file
  }

  /**
   * Creates a log with its header and its first zeros under a temporary name and renames it: a log file is
   * never without its header.
   */
  async #create(generation: number): Promise<OpenFile> {
    const path = logName(this.#path, generation)
    const handle = await open(`${path}.tmp`, LOG_FLAGS)
    try {
      const header = encodeFrame(JSON.stringify({ format: LOG_FORMAT, sandbox: this.#id, generation }))
      const file = { generation, handle, end: header.length, length: header.length }
      await writeAt(handle, header, 0)
      await this.#reserve(file, FIRST_RESERVE)
      if (SYNC_WRITES === undefined) await handle.datasync()
      await rename(`${path}.tmp`, path)
      await syncDirectory(dirname(path))
      return file
    } catch (error) {
      await handle.close()
      throw error
    }
  }

  /** Makes `file` longer with zeros, to `needed` bytes at least: the next step of `FIRST_RESERVE`, doubling. */
  async #reserve(file: OpenFile, needed: number): Promise<void> {
    let length = file.length
    while (length < needed) length += Math.min(LARGEST_RESERVE, Math.max(FIRST_RESERVE, length))
    await writeAt(file.handle, Buffer.alloc(length - file.length), file.length)
    file.length = length
  }

  async #closeFile(): Promise<void> {
    const file = this.#file
    this.#file = null
    await file?.handle.close()
  }

  /** Resolves once every sealed frame has been written and flushed (or the log failed). */
  async #idle(): Promise<void> {
    while (this.#writing) await this.#writing
  }

  /**
   * Whether the log outgrew the larger of the option and half the state's size: compaction costs what the
   * state weighs, so it comes no oftener than every half a state's worth of changes (some 50 MB at `large`).
   */
  #dueForCompaction(): boolean {
    if (this.#logBytes <= this.#compactAt) return false
    this.#compactAt = Math.max(this.#compactAfter, this.#stateBytes() / 2)
    return this.#logBytes > this.#compactAt
  }

  /** About the size of a snapshot of the state now: each table's records times the size of its first few. */
  #stateBytes(): number {
    let bytes = 0
    for (const table of Object.values(this.#sandbox.store)) {
      if (!(table instanceof Table) || table.size === 0) continue
      let sampled = 0
      let sampleBytes = 0
      for (const record of table.all()) {
        sampleBytes += JSON.stringify(record).length + 2
        if (++sampled === 8) break
      }
      bytes += (sampleBytes / sampled) * table.size
    }
    return bytes
  }

  #compactInBackground(): void {
    if (this.#compacting || this.#closed) return
    this.#compacting = this.#compact()
      .catch((error: Error) => {
        this.#warn(`${this.#path}: compaction failed, the logs are kept: ${error.message}`)
        // Not again before the log has grown by another bound.
        this.#compactAt = this.#logBytes + this.#compactAfter
      })
      .finally(() => {
        this.#compacting = null
      })
  }

  /**
   * Starts a new log generation and writes the state as it is at this instant as the snapshot that the new
   * generation applies to; then the older logs go.
   */
  async #compact(): Promise<void> {
    this.#seal()
    const previous = this.#generation
    const next = previous + 1
    const snapshot: PersistedSnapshot = {
      ...this.#capture(),
      persistence: { format: PERSISTENCE_FORMAT, sandbox: this.#id, log: next },
    }
    this.#generation = next
    const logBytesBefore = this.#logBytes
    // Frames of `next` may reach the disk before the snapshot does: a restart then replays every
    // generation from the old snapshot on, `next` included.
    const bytes = await writeSnapshotFile(this.#path, snapshot)
    this.#compactAt = Math.max(this.#compactAfter, bytes / 2)
    this.#logBytes -= logBytesBefore
    await this.#idle()
    if (this.#file && this.#file.generation < next) await this.#closeFile()
    const directory = dirname(this.#path)
    for (const name of await readdir(directory)) {
      const generation = logGeneration(this.#path, name)
      if (generation !== undefined && generation <= previous) await rm(join(directory, name), { force: true })
    }
  }

  /** The state as it is now, without copying records (writes replace records, they never change them). */
  #capture(): SandboxSnapshot {
    const sandbox = this.#sandbox
    return {
      format: STATE_FORMAT,
      scenario: sandbox.scenario.name,
      seed: sandbox.seed,
      clock: new Date(sandbox.now()).toISOString(),
      store: sandbox.store.capture(),
      definition: sandbox.scenario,
    }
  }
}

/** The generation of a log file of the snapshot at `snapshotPath` (`<snapshot>.<generation>.log`), if `name` is one. */
function logGeneration(snapshotPath: string, name: string): number | undefined {
  const prefix = `${basename(snapshotPath)}.`
  if (!name.startsWith(prefix)) return undefined
  const generation = Number(/^([1-9][0-9]*)\.log$/.exec(name.slice(prefix.length))?.[1])
  return Number.isSafeInteger(generation) ? generation : undefined
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** The snapshot at `path`, if any, checked for its format and owner before anything is loaded. */
async function readSnapshot(
  path: string,
  id: string,
  refuse: (file: string, reason: string) => Error,
): Promise<
  { value: SandboxSnapshot; generation: number; legacy: boolean; bytes: number; intact: boolean } | undefined
> {
  let file: Buffer
  try {
    // Bytes, decoded at once: reading `large`'s 100 MB as text decodes it a chunk at a time, which took longer.
    file = await readFile(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  let data: Record<string, unknown>
  try {
    data = JSON.parse(file.toString('utf8'))
  } catch (error) {
    throw refuse(path, `not valid JSON (${(error as Error).message})`)
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw refuse(path, `not a wealth-sandbox state file (no "format": "${STATE_FORMAT}")`)
  }
  const format = judgeFormat(data.format, STATE_FORMAT)
  if (format === 'newer') {
    throw refuse(
      path,
      `written by a newer version of wealth-sandbox (${String(data.format)}; this one reads ${STATE_FORMAT})`,
    )
  }
  if (format === 'foreign') throw refuse(path, `not a wealth-sandbox state file (no "format": "${STATE_FORMAT}")`)
  const intact = SnapshotChecksum.matches(file)
  delete data.checksum
  const header = data.persistence as Record<string, unknown> | undefined
  if (header === undefined) {
    return { value: data as unknown as SandboxSnapshot, generation: 1, legacy: true, bytes: file.length, intact }
  }
  const headerFormat = judgeFormat(header?.format, PERSISTENCE_FORMAT)
  if (headerFormat !== 'ok') {
    throw refuse(
      path,
      headerFormat === 'newer'
        ? `written by a newer version of wealth-sandbox (${String(header.format)}; this one reads ${PERSISTENCE_FORMAT})`
        : `its "persistence" field is not "${PERSISTENCE_FORMAT}"`,
    )
  }
  if (header.sandbox !== id) throw refuse(path, `it belongs to sandbox "${String(header.sandbox)}", not "${id}"`)
  if (!Number.isSafeInteger(header.log) || (header.log as number) < 1) {
    throw refuse(path, 'its "persistence.log" is not a log generation')
  }
  return {
    value: data as unknown as SandboxSnapshot,
    generation: header.log as number,
    legacy: false,
    bytes: file.length,
    intact,
  }
}
