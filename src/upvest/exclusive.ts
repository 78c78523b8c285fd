const tails = new WeakMap<object, Promise<unknown>>()

/**
 * Runs state changes of one sandbox one at a time. Store writes are asynchronous, so without this two
 * concurrent creates could both pass the one-PERSONAL-per-user check, or both miss the same idempotency
 * key, before either record lands.
 */
export function exclusive<T>(sandbox: object, work: () => Promise<T>): Promise<T> {
  const previous = tails.get(sandbox) ?? Promise.resolve()
  const result = previous.then(work)
  tails.set(
    sandbox,
    result.catch(() => undefined),
  )
  return result
}
