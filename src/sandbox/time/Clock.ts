// Every write stamps its records, and many fall in the same second: the last one formatted is reused.
let last = { second: Number.NaN, text: '' }
// Seeding `large` stamps 300,000 records a minute or less apart: the date part is formatted once a day.
let lastDay = { day: Number.NaN, text: '' }
const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'))

/** RFC 3339 in UTC without fractions, the form both providers print. */
export function toTimestamp(ms: number): string {
  const second = Math.floor(ms / 1000)
  if (second === last.second) return last.text
  const day = Math.floor(second / 86_400)
  if (day !== lastDay.day) lastDay = { day, text: new Date(day * 86_400_000).toISOString().slice(0, 11) }
  const inDay = second - day * 86_400
  // Joined rather than concatenated: one flat string, which sorting 100,000 of them compares without flattening.
  const text = [
    lastDay.text,
    TWO_DIGITS[Math.floor(inDay / 3600)],
    ':',
    TWO_DIGITS[Math.floor(inDay / 60) % 60],
    ':',
    TWO_DIGITS[inDay % 60],
    'Z',
  ].join('')
  last = { second, text }
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
