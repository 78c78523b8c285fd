import { compareNumericIds } from '../../store/createStore.js'

/** The records of a short list of ids (a filter, a group's members) in numeric order after `after`. */
export function* walkIds<T>(ids: Iterable<string>, after: string | null, lookup: (id: string) => T | undefined) {
  const sorted = [...new Set(ids)].sort(compareNumericIds)
  for (const id of sorted) {
    if (after !== null && compareNumericIds(id, after) <= 0) continue
    const record = lookup(id)
    if (record !== undefined) yield record
  }
}
