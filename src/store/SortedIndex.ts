import { SortedList } from './SortedList.js'

/** The partition key of a record, or its keys when it sits in several (an account group under each of its users). */
export type PartitionKeys<T> = (record: T) => string | readonly string[]

const asList = (keys: string | readonly string[]): readonly string[] => (typeof keys === 'string' ? [keys] : keys)

/**
 * Records kept sorted per partition, so that a page is a binary search and a slice instead of a
 * scan and a sort per request. `compare` must be a total order (break ties by id) so removal finds the
 * exact entry. `ensureBuilt` runs before every use: a table whose bulk load is not yet sorted into its
 * indexes does it then (`Table`).
 */
export class SortedIndex<T> {
  readonly #partitions = new Map<string, SortedList<T>>()
  readonly #empty: SortedList<T>

  constructor(
    readonly compare: (a: T, b: T) => number,
    readonly keys: PartitionKeys<T>,
    private readonly ensureBuilt: () => void = () => {},
  ) {
    this.#empty = new SortedList(compare)
  }

  /** The sorted records of one partition; read it, do not write to it. */
  list(key: string): SortedList<T> {
    this.ensureBuilt()
    return this.#partitions.get(key) ?? this.#empty
  }

  insert(record: T): void {
    this.ensureBuilt()
    for (const key of asList(this.keys(record))) {
      let list = this.#partitions.get(key)
      if (!list) {
        list = new SortedList(this.compare)
        this.#partitions.set(key, list)
      }
      list.insert(record)
    }
  }

  remove(record: T): void {
    this.ensureBuilt()
    for (const key of asList(this.keys(record))) {
      const list = this.#partitions.get(key)
      if (!list) continue
      list.remove(record)
      if (list.length === 0) this.#partitions.delete(key)
    }
  }

  /**
   * Puts `next` where `previous` is: in place when both sort the same and sit in the same partitions (a
   * rename, a new member), a lookup per partition; otherwise a removal and an insertion.
   */
  replace(previous: T, next: T): void {
    this.ensureBuilt()
    const keys = asList(this.keys(previous))
    const nextKeys = asList(this.keys(next))
    const same =
      this.compare(previous, next) === 0 &&
      keys.length === nextKeys.length &&
      keys.every((key, i) => key === nextKeys[i])
    // Either every partition takes `next` in place or none needs to: a record is in all of its partitions.
    if (same && keys.every((key) => this.#partitions.get(key)?.replace(previous, next))) return
    this.remove(previous)
    this.insert(next)
  }

  /**
   * Records grouped by partition, each partition in the order given: what `rebuild` sorts. Indexes of one
   * table with the same `keys` (by creation and by update) share one grouping on a bulk load.
   */
  static group<T>(records: Iterable<T>, keys: PartitionKeys<T>): ReadonlyMap<string, readonly T[]> {
    const partitions = new Map<string, T[]>()
    const add = (key: string, record: T) => {
      const list = partitions.get(key)
      if (list) list.push(record)
      else partitions.set(key, [record])
    }
    for (const record of records) {
      const each = keys(record)
      if (typeof each === 'string') add(each, record)
      else for (const key of each) add(key, record)
    }
    return partitions
  }

  /** Rebuilds every partition from scratch: one sort instead of n insertions on bulk loads. */
  rebuild(records: Iterable<T>): void {
    this.load(SortedIndex.group(records, this.keys))
  }

  /** `rebuild` from a grouping `group` made with this index's `keys` (shared, so copied before sorting). */
  load(grouped: ReadonlyMap<string, readonly T[]>): void {
    this.#partitions.clear()
    for (const [key, list] of grouped) {
      this.#partitions.set(key, SortedList.fromSorted(this.compare, list.slice().sort(this.compare)))
    }
  }

  /** Position of the first record that sorts at or after `probe` in partition `key`. */
  seek(key: string, probe: (record: T) => number): number {
    return this.list(key).seek(probe)
  }
}
