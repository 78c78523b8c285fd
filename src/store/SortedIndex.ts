import { SortedList } from './SortedList.js'

/**
 * Records kept sorted per partition, so that a page is a binary search and a slice instead of a
 * scan and a sort per request. A record may sit in several partitions (an account group under each
 * of its users); `compare` must be a total order (break ties by id) so removal finds the exact entry.
 */
export class SortedIndex<T> {
  readonly #partitions = new Map<string, SortedList<T>>()
  readonly #empty: SortedList<T>

  constructor(
    readonly compare: (a: T, b: T) => number,
    readonly keys: (record: T) => readonly string[],
  ) {
    this.#empty = new SortedList(compare)
  }

  /** The sorted records of one partition; read it, do not write to it. */
  list(key: string): SortedList<T> {
    return this.#partitions.get(key) ?? this.#empty
  }

  insert(record: T): void {
    for (const key of this.keys(record)) {
      let list = this.#partitions.get(key)
      if (!list) {
        list = new SortedList(this.compare)
        this.#partitions.set(key, list)
      }
      list.insert(record)
    }
  }

  remove(record: T): void {
    for (const key of this.keys(record)) {
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
    const keys = this.keys(previous)
    const nextKeys = this.keys(next)
    const same =
      this.compare(previous, next) === 0 &&
      keys.length === nextKeys.length &&
      keys.every((key, i) => key === nextKeys[i])
    // Either every partition takes `next` in place or none needs to: a record is in all of its partitions.
    if (same && keys.every((key) => this.#partitions.get(key)?.replace(previous, next))) return
    this.remove(previous)
    this.insert(next)
  }

  /** Rebuilds every partition from scratch: one sort instead of n insertions on bulk loads. */
  rebuild(records: Iterable<T>): void {
    const partitions = new Map<string, T[]>()
    for (const record of records) {
      for (const key of this.keys(record)) {
        const list = partitions.get(key)
        if (list) list.push(record)
        else partitions.set(key, [record])
      }
    }
    this.#partitions.clear()
    for (const [key, list] of partitions) {
      this.#partitions.set(key, SortedList.fromSorted(this.compare, list.sort(this.compare)))
    }
  }

  /** Position of the first record that sorts at or after `probe` in partition `key`. */
  seek(key: string, probe: (record: T) => number): number {
    return this.list(key).seek(probe)
  }
}
