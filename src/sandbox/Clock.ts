/** RFC 3339 in UTC without fractions, the form both providers print. */
// Every write stamps its records, and many fall in the same second: the last one formatted is reused.
let last = { second: Number.NaN, text: '' }

export function toTimestamp(ms: number): string {
  const second = Math.floor(ms / 1000)
  if (second !== last.second) last = { second, text: new Date(second * 1000).toISOString().replace('.000Z', 'Z') }
  return last.text
}

/**
 * The sandbox's own time. Frozen (in-process default) it moves only when advanced; following real time
 * (local server default) it runs with the wall clock from the moment it was created, plus every advance.
 */
export class Clock {
  #anchor: number
  #realAnchor: number | null

  constructor(
    start: number,
    follow: boolean,
    private readonly realNow: () => number = Date.now,
  ) {
    this.#anchor = start
    this.#realAnchor = follow ? realNow() : null
  }

  now(): number {
    return this.#realAnchor === null ? this.#anchor : this.#anchor + (this.realNow() - this.#realAnchor)
  }

  /** The current time as an RFC 3339 timestamp. */
  timestamp(): string {
    return toTimestamp(this.now())
  }

  get following(): boolean {
    return this.#realAnchor !== null
  }

  /** Moves the clock to `ms`; time never goes backwards. */
  set(ms: number): void {
    const current = this.now()
    if (ms < current) return
    this.#anchor += ms - current
  }

  freeze(): void {
    this.#anchor = this.now()
    this.#realAnchor = null
  }

  resume(): void {
    if (this.#realAnchor === null) this.#realAnchor = this.realNow()
  }

  /** Back to a start time, keeping the mode. */
  reset(start: number): void {
    this.#anchor = start
    if (this.#realAnchor !== null) this.#realAnchor = this.realNow()
  }
}
