/**
 * Records kept sorted per partition, so that a page is a binary search and a slice instead of a
 * scan and a sort per request. A record may sit in several partitions (an account group under each
 * of its users); `compare` must be a total order (break ties by id) so removal finds the exact entry.
 */
export class SortedIndex<T> {
  readonly #partitions = new Map<string, T[]>()

  constructor(
    readonly compare: (a: T, b: T) => number,
    readonly keys: (record: T) => readonly string[],
  ) {}

  /** The sorted records of one partition; do not mutate. */
  list(key: string): readonly T[] {
    return this.#partitions.get(key) ?? []
  }

  insert(record: T): void {
    for (const key of this.keys(record)) {
      let list = this.#partitions.get(key)
      if (!list) {
        list = []
        this.#partitions.set(key, list)
      }
      const at = this.#lowerBound(list, record)
      // Appending in order is the common case (new ids and timestamps grow).
      if (at === list.length) list.push(record)
      else list.splice(at, 0, record)
    }
  }

  remove(record: T): void {
    for (const key of this.keys(record)) {
      const list = this.#partitions.get(key)
      if (!list) continue
      const at = this.#lowerBound(list, record)
      if (at < list.length && this.compare(list[at] as T, record) === 0) list.splice(at, 1)
      if (list.length === 0) this.#partitions.delete(key)
    }
  }

  /**
   * Puts `next` where `previous` is: in place when both sort the same and sit in the same partitions (a
   * rename, a new member), a lookup per partition; otherwise a removal and an insertion. Splicing a
   * partition of 100,000 records moves all those after it, so in place is what keeps writes flat at `large`.
   */
  replace(previous: T, next: T): void {
    const keys = this.keys(previous)
    const nextKeys = this.keys(next)
    const same =
      this.compare(previous, next) === 0 &&
      keys.length === nextKeys.length &&
      keys.every((key, i) => key === nextKeys[i])
    if (same) {
      const places: [T[], number][] = []
      for (const key of keys) {
        const list = this.#partitions.get(key)
        const at = list ? this.#lowerBound(list, previous) : -1
        if (!list || list[at] !== previous) break
        places.push([list, at])
      }
      if (places.length === keys.length) {
        for (const [list, at] of places) list[at] = next
        return
      }
    }
    this.remove(previous)
    this.insert(next)
  }

  /** Rebuilds every partition from scratch: one sort instead of n insertions on bulk loads. */
  rebuild(records: Iterable<T>): void {
    this.#partitions.clear()
    for (const record of records) {
      for (const key of this.keys(record)) {
        const list = this.#partitions.get(key)
        if (list) list.push(record)
        else this.#partitions.set(key, [record])
      }
    }
    for (const list of this.#partitions.values()) list.sort(this.compare)
  }

  /** Position of the first record that sorts at or after `probe` in partition `key`. */
  seek(key: string, probe: (record: T) => number): number {
    const list = this.list(key)
    let low = 0
    let high = list.length
    while (low < high) {
      const mid = (low + high) >>> 1
      if (probe(list[mid] as T) < 0) low = mid + 1
      else high = mid
    }
    return low
  }

  #lowerBound(list: readonly T[], record: T): number {
    let low = 0
    let high = list.length
    while (low < high) {
      const mid = (low + high) >>> 1
      if (this.compare(list[mid] as T, record) < 0) low = mid + 1
      else high = mid
    }
    return low
  }
}
