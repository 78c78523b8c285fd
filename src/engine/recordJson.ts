const caches = new WeakMap<object, WeakMap<object, string>>()

/**
 * The JSON text of `toPublic(record)`, serialised once per record version and mapping and then reused: the
 * store never changes a record in place (an update replaces the object), so a page of 100 costs a join
 * rather than a hundred mappings and `JSON.stringify` calls, and no garbage for the collector.
 */
export function recordJson<R extends object>(record: R, toPublic: (record: R) => unknown): string {
  let cache = caches.get(toPublic)
  if (!cache) {
    cache = new WeakMap()
    caches.set(toPublic, cache)
  }
  let json = cache.get(record)
  if (json === undefined) {
    json = JSON.stringify(toPublic(record))
    cache.set(record, json)
  }
  return json
}
