/** Signatures remembered per sandbox at most; past it the oldest are forgotten first. */
const MAX_REMEMBERED = 10_000
const FIRST_SWEEP = 64

/**
 * The request signatures a sandbox has accepted, each until its lifetime ends (docs/upvest.md#signatures),
 * so that a captured request cannot be sent again. Lifetimes are on the wall clock, as the signatures'
 * own `created` and `expires` are: the memory then lasts exactly as long as a replay could pass the time
 * check. Expired entries are swept out whenever the memory has doubled since the last sweep, the oldest
 * entry goes once there are `MAX_REMEMBERED`, and the sandbox drops all of them on reset.
 */
export class SignatureReplays {
  /** Signature id to the wall-clock ms until which it may not be used again, oldest first. */
  readonly #until = new Map<string, number>()
  #sweepAt = FIRST_SWEEP

  /** Records one use of a signature at `now`; false when it was used before and its lifetime is not over. */
  use(id: string, until: number, now: number): boolean {
    const previous = this.#until.get(id)
    if (previous !== undefined && previous >= now) return false
    this.#until.delete(id)
    this.#until.set(id, until)
    if (this.#until.size > MAX_REMEMBERED) this.#until.delete(this.#until.keys().next().value as string)
    if (this.#until.size >= this.#sweepAt) this.#sweep(now)
    return true
  }

  get size(): number {
    return this.#until.size
  }

  clear(): void {
    this.#until.clear()
    this.#sweepAt = FIRST_SWEEP
  }

  #sweep(now: number): void {
    for (const [id, until] of this.#until) if (until < now) this.#until.delete(id)
    this.#sweepAt = Math.max(FIRST_SWEEP, this.#until.size * 2)
  }
}
