/**
 * Most records a chunk holds before it splits in two. An insertion or removal moves at most this many
 * entries: one array of 100,000 would move half of them per write, and V8 copies a large array whole when
 * it splices it, so writes at `large` would cost what the collection weighs (docs/performance.md#server).
 */
const MAX_CHUNK = 512

/**
 * Records sorted by `compare`, kept as a list of chunks so that a write in the middle touches one chunk.
 * Read it as an array: `length`, `at`, iteration; `seek` and the writes are binary searches.
 *
 * A record that does not sort last waits in `#pending` until the list is next read or written to other than
 * by an insert, and is then sorted in with the others that waited (`#settle`). Same-second creates tie on
 * their timestamp and sort by random id, so each would be a binary search of a client's whole list, each
 * probe a record elsewhere in memory: four of them were a fifth of an Upvest create's time in the server
 * (docs/performance.md#server). A list read after k such inserts sorts k records and merges them once.
 */
export class SortedList<T> implements Iterable<T> {
  #chunks: T[][] = []
  /** Inserted records not yet in `#chunks`, in insertion order. */
  #pending: T[] = []
  /** The position of each chunk's first record, rebuilt on the first read after a write changed them. */
  #starts: number[] = []
  #startsValid = true
  #length = 0

  constructor(readonly compare: (a: T, b: T) => number) {}

  /**
   * A list of records already in order (a bulk load): cut into half-full chunks, no comparisons. Takes
   * `sorted` over: a list that fits in one chunk keeps it as that chunk (most partitions of an index by
   * owner hold a record or two, and `large` has 50,000 of them).
   */
  static fromSorted<T>(compare: (a: T, b: T) => number, sorted: T[]): SortedList<T> {
    const list = new SortedList(compare)
    list.#chunks = SortedList.#cut(sorted)
    list.#length = sorted.length
    list.#startsValid = false
    return list
  }

  /** Sorted records as half-full chunks; records that fit in one chunk stay that one array. */
  static #cut<T>(sorted: T[]): T[][] {
    const half = MAX_CHUNK / 2
    if (sorted.length <= half) return sorted.length > 0 ? [sorted] : []
    const chunks: T[][] = []
    for (let at = 0; at < sorted.length; at += half) chunks.push(sorted.slice(at, at + half))
    return chunks
  }

  get length(): number {
    return this.#length
  }

  at(index: number): T | undefined {
    if (index < 0 || index >= this.#length) return undefined
    this.#settle()
    const starts = this.#positions()
    let low = 0
    let high = starts.length - 1
    while (low < high) {
      const mid = (low + high + 1) >>> 1
      if ((starts[mid] as number) <= index) low = mid
      else high = mid - 1
    }
    return (this.#chunks[low] as T[])[index - (starts[low] as number)]
  }

  /** Position of the first record for which `probe` is not negative (records before the target answer < 0). */
  seek(probe: (record: T) => number): number {
    this.#settle()
    const [chunk, offset] = this.#locate(probe)
    return chunk === this.#chunks.length ? this.#length : (this.#positions()[chunk] as number) + offset
  }

  insert(record: T): void {
    const chunks = this.#chunks
    const last = chunks[chunks.length - 1]
    // New records mostly sort last (ids and timestamps grow): one comparison.
    if (!last) chunks.push([record])
    else if (this.compare(last[last.length - 1] as T, record) < 0) {
      last.push(record)
      this.#split(chunks.length - 1)
    } else this.#pending.push(record)
    this.#length++
    this.#startsValid = false
  }

  /** Removes the record that compares equal to `record`; whether there was one. */
  remove(record: T): boolean {
    this.#settle()
    const [found, offset] = this.#locate((each) => this.compare(each, record))
    const chunk = this.#chunks[found]
    if (!chunk || this.compare(chunk[offset] as T, record) !== 0) return false
    chunk.splice(offset, 1)
    if (chunk.length === 0) this.#chunks.splice(found, 1)
    this.#length--
    this.#startsValid = false
    return true
  }

  /** Puts `next` in the place of `previous` itself, which it must sort the same as; whether `previous` was there. */
  replace(previous: T, next: T): boolean {
    this.#settle()
    const [found, offset] = this.#locate((each) => this.compare(each, previous))
    const chunk = this.#chunks[found]
    if (!chunk || chunk[offset] !== previous) return false
    chunk[offset] = next
    return true
  }

  *[Symbol.iterator](): Iterator<T> {
    this.#settle()
    for (const chunk of this.#chunks) yield* chunk
  }

  map<U>(each: (record: T) => U): U[] {
    this.#settle()
    const out: U[] = []
    for (const chunk of this.#chunks) for (const record of chunk) out.push(each(record))
    return out
  }

  find(test: (record: T) => boolean): T | undefined {
    this.#settle()
    for (const chunk of this.#chunks) for (const record of chunk) if (test(record)) return record
    return undefined
  }

  /** The chunk and offset of the first record for which `probe` is not negative; past the end, `[chunks, 0]`. */
  #locate(probe: (record: T) => number): [number, number] {
    const chunks = this.#chunks
    let low = 0
    let high = chunks.length
    while (low < high) {
      const mid = (low + high) >>> 1
      const chunk = chunks[mid] as T[]
      if (probe(chunk[chunk.length - 1] as T) < 0) low = mid + 1
      else high = mid
    }
    if (low === chunks.length) return [low, 0]
    const chunk = chunks[low] as T[]
    let from = 0
    let to = chunk.length
    while (from < to) {
      const mid = (from + to) >>> 1
      if (probe(chunk[mid] as T) < 0) from = mid + 1
      else to = mid
    }
    return [low, from]
  }

  /**
   * Sorts the pending records in: one by one into their chunks when they are few, otherwise in one merge of
   * both sorted sequences into new half-full chunks, which costs about a hundredth of a binary search and a
   * splice per record of the list.
   */
  #settle(): void {
    const pending = this.#pending
    if (pending.length === 0) return
    this.#pending = []
    pending.sort(this.compare)
    const held = this.#length - pending.length
    if (pending.length * 64 < held) {
      for (const record of pending) this.#place(record)
      return
    }
    const merged: T[] = []
    let at = 0
    for (const chunk of this.#chunks) {
      for (const record of chunk) {
        while (at < pending.length && this.compare(pending[at] as T, record) < 0) merged.push(pending[at++] as T)
        merged.push(record)
      }
    }
    while (at < pending.length) merged.push(pending[at++] as T)
    this.#chunks = SortedList.#cut(merged)
    this.#startsValid = false
  }

  /** Puts a record where it sorts: a binary search, a splice into one chunk and a split of a full one. */
  #place(record: T): void {
    const chunks = this.#chunks
    const [found, offset] = this.#locate((each) => this.compare(each, record))
    if (found === chunks.length) (chunks[found - 1] as T[]).push(record)
    else (chunks[found] as T[]).splice(offset, 0, record)
    this.#split(Math.min(found, chunks.length - 1))
    this.#startsValid = false
  }

  /** Cuts the chunk at `at` in two halves once it holds more than `MAX_CHUNK` records. */
  #split(at: number): void {
    const chunk = this.#chunks[at] as T[]
    if (chunk.length > MAX_CHUNK) this.#chunks.splice(at + 1, 0, chunk.splice(MAX_CHUNK / 2))
  }

  #positions(): number[] {
    if (!this.#startsValid) {
      let position = 0
      this.#starts = this.#chunks.map((chunk) => {
        const start = position
        position += chunk.length
        return start
      })
      this.#startsValid = true
    }
    return this.#starts
  }
}
