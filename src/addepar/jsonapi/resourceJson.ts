type ToResource<R> = (record: R, fields?: readonly string[]) => object

const caches = new WeakMap<ToResource<never>, WeakMap<object, string>>()

/**
 * The JSON text of a record's resource. The full resource (no `fields[...]`) is serialised once per
 * record version and reused: the store never changes a record in place (an update replaces the object),
 * so a page of 100 costs a join rather than a hundred `JSON.stringify` calls.
 */
export function resourceJson<R extends object>(
  record: R,
  toResource: ToResource<R>,
  fields?: readonly string[],
): string {
  if (fields) return JSON.stringify(toResource(record, fields))
  let cache = caches.get(toResource)
  if (!cache) {
    cache = new WeakMap()
    caches.set(toResource, cache)
  }
  let json = cache.get(record)
  if (json === undefined) {
    json = JSON.stringify(toResource(record))
    cache.set(record, json)
  }
  return json
}
