import { recordJson } from '../../engine/recordJson.js'

type ToResource<R> = (record: R, fields?: readonly string[]) => object

/**
 * The JSON text of a record's resource: the full resource (no `fields[...]`) from the cache of each record
 * version (`recordJson`), a sparse one serialised for the request.
 */
export function resourceJson<R extends object>(
  record: R,
  toResource: ToResource<R>,
  fields?: readonly string[],
): string {
  if (fields) return JSON.stringify(toResource(record, fields))
  return recordJson(record, toResource)
}
