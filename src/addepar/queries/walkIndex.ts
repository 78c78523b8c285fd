import { compareNumericIds } from '../../store/createStore.js'
import type { SortedIndex } from '../../store/SortedIndex.js'

/** The records of one partition of an index sorted by numeric id, from just after `after` on. */
export function* walkIndex<T extends { id: string }>(
  index: SortedIndex<T>,
  key: string,
  after: string | null,
): Generator<T> {
  const list = index.list(key)
  let at = after === null ? 0 : index.seek(key, (record) => (compareNumericIds(record.id, after) <= 0 ? -1 : 0))
  while (at < list.length) yield list.at(at++) as T
}
