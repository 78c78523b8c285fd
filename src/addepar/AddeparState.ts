import type { Store } from '../store/createStore.js'
import { type Credentials, indexCredentials } from './auth/indexCredentials.js'
import { RateLimiter } from './auth/RateLimiter.js'

/** What the Addepar side keeps beside the store: derived lookups and counters that a reset drops. */
export class AddeparState {
  readonly rateLimiter = new RateLimiter()
  #credentials: Credentials | undefined
  #writes: Promise<unknown> = Promise.resolve()

  constructor(private readonly store: Store) {}

  /** Keys and tokens by value; users only change through a reset or restore, which drops this. */
  get credentials(): Credentials {
    this.#credentials ??= indexCredentials(this.store.addeparUsers.all())
    return this.#credentials
  }

  /**
   * Runs writes one after another. A write validates everything and then awaits the store record by
   * record; without this, two concurrent requests could both pass validation (say, each adding half of a
   * cycle) or a bulk write could interleave with another.
   */
  exclusive<T>(write: () => Promise<T>): Promise<T> {
    const result = this.#writes.then(write)
    this.#writes = result.catch(() => undefined)
    return result
  }

  reset(): void {
    this.#credentials = undefined
    this.rateLimiter.clear()
  }
}
