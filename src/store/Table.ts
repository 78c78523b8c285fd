import { Collection } from '@msw/data'
import type { z } from 'zod'
import { SortedIndex } from './SortedIndex.js'

type Identified = { id: string }

/**
 * One collection of records: an `@msw/data` collection that holds and validates them, with an id map
 * beside it so a lookup by id never scans, and any number of kept-sorted indexes for pagination.
 */
export class Table<S extends z.ZodType<Identified, unknown>> {
  #collection: Collection<S>
  readonly #byId = new Map<string, z.output<S>>()
  readonly #indexes: SortedIndex<z.output<S>>[] = []

  constructor(
    readonly name: string,
    readonly schema: S,
  ) {
    this.#collection = new Collection({ schema })
  }

  /** The underlying `@msw/data` collection, for ad-hoc queries off the hot paths. */
  get collection(): Collection<S> {
    return this.#collection
  }

  /** Registers a sorted index that every write keeps up to date. */
  index(
    compare: (a: z.output<S>, b: z.output<S>) => number,
    keys: (record: z.output<S>) => readonly string[] = () => [''],
  ): SortedIndex<z.output<S>> {
    const index = new SortedIndex(compare, keys)
    index.rebuild(this.#byId.values())
    this.#indexes.push(index)
    return index
  }

  get(id: string): z.output<S> | undefined {
    return this.#byId.get(id)
  }

  has(id: string): boolean {
    return this.#byId.has(id)
  }

  get size(): number {
    return this.#byId.size
  }

  /** Every record, in insertion order. */
  all(): Iterable<z.output<S>> {
    return this.#byId.values()
  }

  async insert(values: z.input<S>): Promise<z.output<S>> {
    const record = await this.#collection.create(values as never)
    const typed = record as z.output<S>
    if (this.#byId.has(typed.id)) {
      this.#collection.delete(record)
      throw new Error(`${this.name}: a record with id ${typed.id} already exists`)
    }
    this.#byId.set(typed.id, typed)
    for (const index of this.#indexes) index.insert(typed)
    return typed
  }

  /** Inserts many records and rebuilds the indexes once, for seeding and restoring. */
  async insertMany(values: readonly z.input<S>[]): Promise<void> {
    for (const value of values) {
      const record = (await this.#collection.create(value as never)) as z.output<S>
      if (this.#byId.has(record.id)) {
        this.#collection.delete(record as never)
        throw new Error(`${this.name}: a record with id ${record.id} already exists`)
      }
      this.#byId.set(record.id, record)
    }
    for (const index of this.#indexes) index.rebuild(this.#byId.values())
  }

  /** Applies `change` to a draft of the record (validated again by the schema) and returns the result. */
  async update(id: string, change: (draft: z.output<S>) => void): Promise<z.output<S>> {
    const previous = this.#byId.get(id)
    if (!previous) throw new Error(`${this.name}: no record with id ${id}`)
    const next = (await this.#collection.update(previous as never, {
      data: change as never,
      strict: true,
    })) as z.output<S>
    for (const index of this.#indexes) index.remove(previous)
    this.#byId.set(id, next)
    for (const index of this.#indexes) index.insert(next)
    return next
  }

  delete(id: string): z.output<S> | undefined {
    const record = this.#byId.get(id)
    if (!record) return undefined
    this.#collection.delete(record as never)
    this.#byId.delete(id)
    for (const index of this.#indexes) index.remove(record)
    return record
  }

  clear(): void {
    // A fresh collection: Collection.clear() deletes record by record, quadratic at 100,000 records.
    this.#collection = new Collection({ schema: this.schema })
    this.#byId.clear()
    for (const index of this.#indexes) index.rebuild([])
  }
}
