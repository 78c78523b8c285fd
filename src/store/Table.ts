import type { Query } from '@msw/data'
import { z } from 'zod'
import { queryClass } from './queryClass.js'
import { type PartitionKeys, SortedIndex } from './SortedIndex.js'

type Identified = { id: string }

/** One write to a table, as the store's change listeners see it (docs/persistence.md#records). */
export type TableChange =
  | { op: 'put'; table: string; record: Identified }
  | { op: 'delete'; table: string; id: string }
  | { op: 'clear'; table: string }

/**
 * One collection of records, validated by its zod schema, with any number of kept-sorted indexes for
 * pagination; every write is reported to `onChange` (the store's change log).
 *
 * A thin layer of its own rather than an `@msw/data` Collection, because a Collection cannot be handed a
 * record without scanning for it: `update(record, ...)` still runs `findFirst` by primary key and then
 * `#indexOf`, two linear scans; `delete(record)` skips the query but scans (`#indexOf`) and splices; and
 * `create` sanitises every value before validating, most of the cost of seeding `large`. At 100,000
 * records that made a PATCH about 5 ms and a DELETE about 18 ms. Here the records live in a Map (insertion
 * order, as the Collection kept them), so every write is a lookup by id. `@msw/data` stays where it adds
 * value: its query builder, for ad-hoc queries off the hot paths (`findMany((q) => q.where({...}))`).
 */
export class Table<S extends z.ZodType<Identified, unknown>> {
  readonly #records = new Map<string, z.output<S>>()
  readonly #indexes: SortedIndex<z.output<S>>[] = []
  /** Records were loaded in bulk and are not yet sorted into the indexes (`#build`). */
  #unindexed = false
  readonly #many: z.ZodType<z.output<S>[]>

  constructor(
    readonly name: string,
    readonly schema: S,
    private readonly onChange: (change: TableChange) => void = () => {},
  ) {
    this.#many = z.array(schema) as unknown as z.ZodType<z.output<S>[]>
  }

  /** Registers a sorted index that every write keeps up to date. */
  index(
    compare: (a: z.output<S>, b: z.output<S>) => number,
    keys: PartitionKeys<z.output<S>> = () => '',
  ): SortedIndex<z.output<S>> {
    const index = new SortedIndex(compare, keys, () => this.#build())
    this.#indexes.push(index)
    if (this.#records.size > 0) this.#unindexed = true
    return index
  }

  get(id: string): z.output<S> | undefined {
    return this.#records.get(id)
  }

  has(id: string): boolean {
    return this.#records.has(id)
  }

  get size(): number {
    return this.#records.size
  }

  /** Every record, in insertion order. Records are replaced on update, never changed in place: do not mutate. */
  all(): Iterable<z.output<S>> {
    return this.#records.values()
  }

  /** The first record the query matches, in insertion order: `findFirst((q) => q.where({ name: 'x' }))`. A scan. */
  findFirst(query: (q: Query<z.output<S>>) => Query<z.output<S>>): z.output<S> | undefined {
    const compiled = query(new (queryClass())())
    for (const record of this.#records.values()) if (compiled.test(record)) return record
    return undefined
  }

  /** Every record the query matches, in insertion order. A scan: for tests and tools, not request paths. */
  findMany(query: (q: Query<z.output<S>>) => Query<z.output<S>>): z.output<S>[] {
    const compiled = query(new (queryClass())())
    return [...this.#records.values()].filter((record) => compiled.test(record))
  }

  async insert(values: z.input<S>): Promise<z.output<S>> {
    return this.add(this.schema.parse(values) as z.output<S>)
  }

  /**
   * Stores a record that the domain built whole from input it validated (a create's new record, its event,
   * an idempotency entry), in the schema's key order: the compiler checks its type, a test checks such
   * records against the schemas (store.test.ts), and zod, which cost an Upvest create a fifth of its time
   * (docs/performance.md#server), is skipped. What comes from outside goes through `insert`.
   */
  add(record: z.output<S>): z.output<S> {
    if (this.#records.has(record.id)) throw new Error(`${this.name}: a record with id ${record.id} already exists`)
    this.#build()
    this.#records.set(record.id, record)
    for (const index of this.#indexes) index.insert(record)
    this.onChange({ op: 'put', table: this.name, record })
    return record
  }

  /**
   * Adds many records at once, validated in one zod pass, and rebuilds the indexes once: seeding. Records
   * that seeding generates itself (`validated: false`: the compiler checks their type, and a test checks
   * them against the schemas) skip zod, two thirds of the time seeding `large` took. Reported as one `put`
   * per record, so a listener outside a bulk load still sees every record.
   */
  async insertMany(values: readonly z.input<S>[], { validate = true }: { validate?: boolean } = {}): Promise<void> {
    const records = validate ? this.parseMany(values) : (values as readonly z.output<S>[])
    this.#add(records)
    for (const record of records) this.onChange({ op: 'put', table: this.name, record })
  }

  /**
   * Validates records without storing them, in one zod pass (its error's path starts at the record's
   * index), and checks that their ids are unique.
   */
  parseMany(values: readonly unknown[]): z.output<S>[] {
    const records = this.#many.parse(values)
    const ids = new Set<string>()
    for (const [i, record] of records.entries()) {
      if (ids.has(record.id)) throw new Error(`${this.name}[${i}].id: duplicate id ${record.id}`)
      ids.add(record.id)
    }
    return records
  }

  /**
   * Replaces every record with records already validated (by `parseMany`, or when this version wrote them), reported as one `clear`: the
   * store's restore, which its listeners see as a replacement of the whole state.
   */
  load(records: readonly z.output<S>[]): void {
    this.#records.clear()
    this.#add(records)
    this.onChange({ op: 'clear', table: this.name })
  }

  /**
   * Applies `change` to a copy of the record, validates the result with the schema and stores it in the
   * record's place; the previous record object is left as it was (a snapshot being written may hold it).
   */
  async update(id: string, change: (draft: z.output<S>) => void): Promise<z.output<S>> {
    const previous = this.#records.get(id)
    if (!previous) throw new Error(`${this.name}: no record with id ${id}`)
    const draft = structuredClone(previous)
    change(draft)
    const next = this.schema.parse(draft) as z.output<S>
    if (next.id !== id) throw new Error(`${this.name}: an update cannot change the id of ${id}`)
    this.#build()
    this.#records.set(id, next)
    for (const index of this.#indexes) index.replace(previous, next)
    this.onChange({ op: 'put', table: this.name, record: next })
    return next
  }

  /** Inserts or replaces a record without validating it: replaying the change log of this very store. */
  put(record: z.output<S>): void {
    this.#build()
    const previous = this.#records.get(record.id)
    this.#records.set(record.id, record)
    for (const index of this.#indexes) {
      if (previous) index.replace(previous, record)
      else index.insert(record)
    }
  }

  delete(id: string): z.output<S> | undefined {
    const record = this.#records.get(id)
    if (!record) return undefined
    this.#build()
    this.#records.delete(id)
    for (const index of this.#indexes) index.remove(record)
    this.onChange({ op: 'delete', table: this.name, id })
    return record
  }

  /**
   * Deletes records from the first inserted on while `drop(record, size)` holds (`size`: the records held
   * before that one goes) and stops at the first it keeps; returns how many went. For tables whose
   * insertion order is their age (idempotency keys, events), so that keeping them bounded costs what was
   * dropped, not a scan. Each is reported as a `delete`, so a change log replays the pruning.
   */
  dropOldest(drop: (record: z.output<S>, size: number) => boolean): number {
    let dropped = 0
    for (const record of this.#records.values()) {
      if (!drop(record, this.#records.size)) break
      this.delete(record.id)
      dropped++
    }
    return dropped
  }

  clear(): void {
    this.#records.clear()
    this.#unindexed = false
    for (const index of this.#indexes) index.rebuild([])
    this.onChange({ op: 'clear', table: this.name })
  }

  #add(records: readonly z.output<S>[]): void {
    for (const record of this.#records.size > 0 ? records : []) {
      if (this.#records.has(record.id)) throw new Error(`${this.name}: a record with id ${record.id} already exists`)
    }
    for (const record of records) this.#records.set(record.id, record)
    // Sorted on first use (or by `buildIndexes`), not here: a server starting `large` answers before its
    // indexes are sorted, and one that serves no list of a table never sorts it.
    if (this.#indexes.length > 0) this.#unindexed = true
  }

  /**
   * Sorts records loaded in bulk into the indexes now rather than on their first use: the local server does
   * it right after it starts listening, a table per turn of the event loop. Whether there was anything to do.
   */
  buildIndexes(): boolean {
    const pending = this.#unindexed
    this.#build()
    return pending
  }

  /** Rebuilds every index after a bulk load, grouping the records once per distinct partition function. */
  #build(): void {
    if (!this.#unindexed) return
    this.#unindexed = false
    const groupings = new Map<PartitionKeys<z.output<S>>, ReadonlyMap<string, readonly z.output<S>[]>>()
    for (const index of this.#indexes) {
      let grouped = groupings.get(index.keys)
      if (!grouped) {
        grouped = SortedIndex.group(this.#records.values(), index.keys)
        groupings.set(index.keys, grouped)
      }
      index.load(grouped)
    }
  }
}
