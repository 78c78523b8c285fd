import { z } from 'zod'
import * as schemas from './schemas.js'
import { Table, type TableChange } from './Table.js'

/** Orders numeric id strings (no leading zeros) as numbers, without parsing them. */
export const compareNumericIds = (a: string, b: string) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0)

const byNumericId = (a: { id: string }, b: { id: string }) => compareNumericIds(a.id, b.id)

function createTables(onChange: (change: TableChange) => void) {
  return {
    upvestClients: new Table('upvestClients', schemas.upvestClient, onChange),
    upvestUsers: new Table('upvestUsers', schemas.upvestUser, onChange),
    upvestAccountGroups: new Table('upvestAccountGroups', schemas.upvestAccountGroupRecord, onChange),
    upvestTokens: new Table('upvestTokens', schemas.upvestToken, onChange),
    upvestIdempotency: new Table('upvestIdempotency', schemas.upvestIdempotencyRecord, onChange),
    upvestEvents: new Table('upvestEvents', schemas.upvestEvent, onChange),
    upvestWebhooks: new Table('upvestWebhooks', schemas.upvestWebhook, onChange),
    upvestDeliveries: new Table('upvestDeliveries', schemas.upvestDelivery, onChange),
    addeparFirms: new Table('addeparFirms', schemas.addeparFirm, onChange),
    addeparUsers: new Table('addeparUsers', schemas.addeparUser, onChange),
    addeparEntities: new Table('addeparEntities', schemas.addeparEntity, onChange),
    addeparGroupTypes: new Table('addeparGroupTypes', schemas.addeparGroupType, onChange),
    addeparGroups: new Table('addeparGroups', schemas.addeparGroup, onChange),
    jobs: new Table('jobs', schemas.scheduledJob, onChange),
  }
}

export type Tables = ReturnType<typeof createTables>
export type TableName = keyof Tables

/** Counters and other scalar state that must survive a snapshot (id sequences, random state). */
export const storeMeta = z.object({
  counters: z.record(z.string(), z.number().int().nonnegative()),
})
export type StoreMeta = z.infer<typeof storeMeta>

export const SNAPSHOT_FORMAT = 'wealth-sandbox/store@1'

export const storeSnapshot = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  meta: storeMeta,
  tables: z.record(z.string(), z.array(z.unknown())),
})
export type StoreSnapshot = z.infer<typeof storeSnapshot>

/**
 * One write to the store: a table's (`put`, `delete`, `clear`), a counter's new value, or `restore`, the
 * whole state replaced at once.
 */
export type StoreChange = TableChange | { op: 'counter'; name: string; value: number } | { op: 'restore' }

export type Store = Tables & {
  meta: StoreMeta
  /** Next value of a named counter (ids that increase, such as Addepar group ids). */
  next(counter: string): number
  /** The whole state as plain JSON, a deep copy. */
  snapshot(): StoreSnapshot
  /**
   * The whole state without copying a record: the stored records themselves, which every write replaces
   * rather than changes, so they stay this state while writes go on. For writing it out piece by piece.
   */
  capture(): StoreSnapshot
  /**
   * Replaces the whole state with a snapshot, validating every record once (zod, one pass per table)
   * before anything is replaced, then loading each table in bulk. `validate: false` takes the records as
   * they are, for records this version wrote and read back unchanged (a snapshot file whose checksum
   * matched): they must be fresh objects nothing else holds.
   */
  restore(snapshot: StoreSnapshot, options?: { validate?: boolean }): Promise<void>
  /** Sorted views used by list endpoints. */
  indexes: ReturnType<typeof createIndexes>
  /**
   * Sorts the next table loaded in bulk into its indexes (`Table.buildIndexes`); false once none is left.
   * Indexes sort themselves on first use anyway; this lets a server do it while it waits for requests.
   */
  buildNextIndexes(): boolean
  /**
   * Calls `listener` after every write, synchronously, with the record as stored: the change log of
   * `--data-dir` is built on it. Returns the function that removes the listener.
   */
  onChange(listener: (change: StoreChange) => void): () => void
}

function createIndexes(tables: Tables) {
  const byCreated = (a: schemas.UpvestAccountGroupRecord, b: schemas.UpvestAccountGroupRecord) =>
    a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0
  const byUpdated = (a: schemas.UpvestAccountGroupRecord, b: schemas.UpvestAccountGroupRecord) =>
    a.updated_at < b.updated_at ? -1 : a.updated_at > b.updated_at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0
  const byClient = (r: { client_id: string }) => r.client_id
  const byOwner = (r: schemas.UpvestAccountGroupRecord) => r.users.map((u) => u.id)
  return {
    accountGroupsByClient: {
      created_at: tables.upvestAccountGroups.index(byCreated, byClient),
      updated_at: tables.upvestAccountGroups.index(byUpdated, byClient),
    },
    accountGroupsByUser: {
      created_at: tables.upvestAccountGroups.index(byCreated, byOwner),
      updated_at: tables.upvestAccountGroups.index(byUpdated, byOwner),
    },
    usersByClient: tables.upvestUsers.index(
      (a, b) =>
        a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
      byClient,
    ),
    groupsByFirm: tables.addeparGroups.index(byNumericId, (r) => r.firm_id),
    /** Groups per `<firm>:<group type key>`: the group-type filter and the in-use check before deleting a type. */
    groupsByType: tables.addeparGroups.index(byNumericId, (r) => `${r.firm_id}:${r.group_type}`),
    /** The parents of a group, partitioned by child id: deleting a group detaches it without a scan. */
    groupParents: tables.addeparGroups.index(byNumericId, (r) => r.child_groups),
    entitiesByFirm: tables.addeparEntities.index(byNumericId, (r) => r.firm_id),
  }
}

/** Creates an empty store: every collection, its id map and its sorted indexes. */
export function createStore(): Store {
  const listeners = new Set<(change: StoreChange) => void>()
  const emit = (change: StoreChange) => {
    for (const listener of listeners) listener(change)
  }
  let restoring = false
  const tables = createTables((change) => {
    // Restoring replaces every table: its listeners hear one `restore`, not a `clear` per table.
    if (!restoring) emit(change)
  })
  const indexes = createIndexes(tables)
  const meta: StoreMeta = { counters: {} }
  const store: Store = {
    ...tables,
    indexes,
    meta,
    buildNextIndexes() {
      return Object.values(tables).some((table) => table.buildIndexes())
    },
    next(counter) {
      const value = (meta.counters[counter] ?? 0) + 1
      meta.counters[counter] = value
      if (listeners.size > 0) emit({ op: 'counter', name: counter, value })
      return value
    },
    snapshot() {
      return structuredClone(store.capture())
    },
    capture() {
      const out: Record<string, unknown[]> = {}
      for (const [name, table] of Object.entries(tables)) out[name] = [...table.all()]
      return { format: SNAPSHOT_FORMAT, meta: { counters: { ...meta.counters } }, tables: out }
    },
    async restore(snapshot, { validate = true } = {}) {
      const parsed = storeSnapshot.parse(snapshot)
      for (const name of Object.keys(parsed.tables)) {
        if (!(name in tables)) throw new Error(`snapshot: unknown table "${name}"`)
      }
      // zod builds new objects and arrays for every record, so nothing of `snapshot` is shared but opaque JSON values.
      const each = Object.entries(tables) as [string, Table<z.ZodType<{ id: string }>>][]
      const validated = each.map(([name, table]) => {
        const records = parsed.tables[name] ?? []
        if (!validate) return records as { id: string }[]
        try {
          return table.parseMany(records)
        } catch (error) {
          if (!(error instanceof z.ZodError)) throw error
          throw new z.ZodError(error.issues.map((issue) => ({ ...issue, path: ['tables', name, ...issue.path] })))
        }
      })
      restoring = true
      try {
        for (const [i, [, table]] of each.entries()) table.load(validated[i] ?? [])
      } finally {
        restoring = false
      }
      meta.counters = { ...parsed.meta.counters }
      emit({ op: 'restore' })
    },
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
  return store
}
