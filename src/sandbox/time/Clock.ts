// Every write stamps its records, and many fall in the same second: the last one formatted is reused.
let lastSecond = Number.NaN
let lastText = ''
// Seeding `large` stamps 300,000 records a minute or less apart: the date part is formatted once a day.
let lastDay = Number.NaN
// `YYYY-MM-DDThh:mm:ssZ` as character codes, rewritten in place. One flat string per call and no garbage: a
// concatenation would be kept as a tree of pieces that every sort of 100,000 of them flattens again.
const codes = Array.from('0000-00-00T00:00:00Z', (char) => char.charCodeAt(0))
const ZERO = 48

function twoDigits(at: number, value: number): void {
  codes[at] = ZERO + Math.floor(value / 10)
  codes[at + 1] = ZERO + (value % 10)
}

/** RFC 3339 in UTC without fractions, the form both providers print. */
export function toTimestamp(ms: number): string {
  const second = Math.floor(ms / 1000)
  if (second === lastSecond) return lastText
  const day = Math.floor(second / 86_400)
  if (day !== lastDay) {
    lastDay = day
    const date = new Date(day * 86_400_000).toISOString()
    for (let i = 0; i < 11; i++) codes[i] = date.charCodeAt(i)
  }
  const inDay = second - day * 86_400
  twoDigits(11, Math.floor(inDay / 3600))
  twoDigits(14, Math.floor(inDay / 60) % 60)
  twoDigits(17, inDay % 60)
  lastSecond = second
  lastText = String.fromCharCode(...codes)
  return lastText
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
