import type { DriftFinding } from '../../contract/driftFinding.js'
import { type BodyExcerpt, ExcerptSlots, type HeldExcerpt } from './ExcerptSlots.js'

export type { BodyExcerpt }

/** At most this many characters of each request and response body are kept. */
export const BODY_EXCERPT = 2048
export const DEFAULT_JOURNAL_SIZE = 500

/** Node's parsed headers, or a Fetch `Headers`: kept as they are and flattened only when listed. */
export type HeaderValues = Record<string, string | number | readonly string[] | undefined> | Headers

/** What the server hands over per exchange: cheap references, formatted only when someone reads them. */
export interface JournalInput {
  sandbox: string
  api: 'upvest' | 'addepar'
  method: string
  /** Path and query as the client sent them. */
  url: string
  /** 0 when the connection was dropped (a `reset` fault). */
  status: number
  /** Wall-clock start, ms since the epoch. */
  startedAt: number
  durationMs: number
  /** Sandbox clock at the time of the request, ms. */
  clock: number
  requestHeaders: HeaderValues
  requestBody: Uint8Array | string | null
  responseHeaders: HeaderValues | null
  responseBody: string | null
  /** Which injected fault shaped the answer, if one did. */
  fault?: string
  /** Proxy mode (docs/drift.md): how the real provider's answer differs from the documents. */
  drift?: DriftFinding[]
  /** Proxy mode: why the real provider gave no usable answer (refused, timed out, not JSON). */
  upstreamError?: string
}

export interface JournalEntry {
  /** Increases by one per recorded exchange in this sandbox; never reused, not even after a clear. */
  id: number
  sandbox: string
  time: string
  clock: string
  api: 'upvest' | 'addepar'
  method: string
  url: string
  status: number
  duration_ms: number
  fault?: string
  drift?: DriftFinding[]
  upstream_error?: string
  request: { headers: Record<string, string>; body: BodyExcerpt | null }
  response: { headers: Record<string, string>; body: BodyExcerpt | null } | null
}

export interface JournalFilter {
  method?: string
  /** Substring of the path and query. */
  path?: string
  /** An exact status (`404`) or a class (`4xx`); `0` finds dropped connections. */
  status?: number | string
  /** Newest first; 100 by default, at most the journal's size. */
  limit?: number
  /** Only entries with a larger id: a poller passes the last id it saw. */
  after?: number
}

interface Stored {
  id: number
  input: JournalInput
  request: HeldExcerpt | null
  response: HeldExcerpt | null
}

function flatten(headers: HeaderValues | null): Record<string, string> {
  const out: Record<string, string> = {}
  if (!headers) return out
  if (headers instanceof Headers) {
    headers.forEach((value, name) => {
      out[name] = value
    })
    return out
  }
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : String(value)
  }
  return out
}

function statusMatches(status: number, wanted: number | string): boolean {
  const text = String(wanted).toLowerCase()
  if (/^[1-5]xx$/.test(text)) return Math.floor(status / 100) === Number(text[0])
  return status === Number(text)
}

/**
 * The requests and responses of one sandbox, newest kept: a ring buffer of a fixed number of entries,
 * each with body excerpts of at most `BODY_EXCERPT` characters, so memory stays bounded however long the
 * server runs. Recording is O(1); formatting waits until someone lists the entries.
 */
export class Journal {
  readonly #ring: (Stored | undefined)[]
  /** The request's excerpt of the entry at ring position `i` is in slot `2i`, the response's in `2i + 1`. */
  readonly #excerpts: ExcerptSlots
  #next = 0
  /** Entries with an id below this were cleared. */
  #floor = 0

  constructor(readonly capacity: number = DEFAULT_JOURNAL_SIZE) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('journal size: a positive integer')
    this.#ring = new Array(capacity)
    this.#excerpts = new ExcerptSlots(2 * capacity, BODY_EXCERPT)
  }

  /** Entries currently held. */
  get size(): number {
    return Math.min(this.#next - this.#floor, this.capacity)
  }

  record(input: JournalInput): void {
    // The input is kept as given, but for its bodies, which become excerpts.
    const at = this.#next % this.capacity
    const request = this.#excerpts.hold(2 * at, input.requestBody)
    const response = this.#excerpts.hold(2 * at + 1, input.responseBody)
    input.requestBody = null
    input.responseBody = null
    this.#ring[at] = { id: this.#next + 1, input, request, response }
    this.#next++
  }

  list(filter: JournalFilter = {}): JournalEntry[] {
    const limit = Math.min(Math.max(1, filter.limit ?? 100), this.capacity)
    const method = filter.method?.toUpperCase()
    const out: JournalEntry[] = []
    const oldest = Math.max(this.#floor, this.#next - this.capacity, filter.after ?? 0)
    for (let i = this.#next - 1; i >= oldest && out.length < limit; i--) {
      const entry = this.#ring[i % this.capacity] as Stored
      if (method && entry.input.method !== method) continue
      if (filter.path && !entry.input.url.includes(filter.path)) continue
      if (filter.status !== undefined && !statusMatches(entry.input.status, filter.status)) continue
      out.push(this.#format(entry))
    }
    return out
  }

  clear(): void {
    this.#ring.fill(undefined)
    this.#floor = this.#next
  }

  #format({ id, input, request, response }: Stored): JournalEntry {
    const at = (id - 1) % this.capacity
    return {
      id,
      sandbox: input.sandbox,
      time: new Date(input.startedAt).toISOString(),
      clock: new Date(input.clock).toISOString(),
      api: input.api,
      method: input.method,
      url: input.url,
      status: input.status,
      duration_ms: Math.round(input.durationMs * 100) / 100,
      ...(input.fault ? { fault: input.fault } : {}),
      ...(input.drift?.length ? { drift: input.drift } : {}),
      ...(input.upstreamError ? { upstream_error: input.upstreamError } : {}),
      request: { headers: flatten(input.requestHeaders), body: request && this.#excerpts.read(2 * at, request) },
      response: input.responseHeaders
        ? { headers: flatten(input.responseHeaders), body: response && this.#excerpts.read(2 * at + 1, response) }
        : null,
    }
  }
}
