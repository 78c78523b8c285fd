import { z } from 'zod'
import * as schemas from './schemas.js'
import { Table } from './Table.js'

/** Orders numeric id strings (no leading zeros) as numbers, without parsing them. */
export const compareNumericIds = (a: string, b: string) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0)

const byNumericId = (a: { id: string }, b: { id: string }) => compareNumericIds(a.id, b.id)

function createTables() {
  return {
    upvestClients: new Table('upvestClients', schemas.upvestClient),
    upvestUsers: new Table('upvestUsers', schemas.upvestUser),
    upvestAccountGroups: new Table('upvestAccountGroups', schemas.upvestAccountGroupRecord),
    upvestTokens: new Table('upvestTokens', schemas.upvestToken),
    upvestIdempotency: new Table('upvestIdempotency', schemas.upvestIdempotencyRecord),
    upvestEvents: new Table('upvestEvents', schemas.upvestEvent),
    upvestWebhooks: new Table('upvestWebhooks', schemas.upvestWebhook),
    upvestDeliveries: new Table('upvestDeliveries', schemas.upvestDelivery),
    addeparFirms: new Table('addeparFirms', schemas.addeparFirm),
    addeparUsers: new Table('addeparUsers', schemas.addeparUser),
    addeparEntities: new Table('addeparEntities', schemas.addeparEntity),
    addeparGroupTypes: new Table('addeparGroupTypes', schemas.addeparGroupType),
    addeparGroups: new Table('addeparGroups', schemas.addeparGroup),
    jobs: new Table('jobs', schemas.scheduledJob),
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

export type Store = Tables & {
  meta: StoreMeta
  /** Next value of a named counter (ids that increase, such as Addepar group ids). */
  next(counter: string): number
  /** The whole state as plain JSON. */
  snapshot(): StoreSnapshot
  /** Replaces the whole state with a snapshot, validating every record. */
  restore(snapshot: StoreSnapshot): Promise<void>
  /** Sorted views used by list endpoints. */
  indexes: ReturnType<typeof createIndexes>
}

function createIndexes(tables: Tables) {
  const byCreated = (a: schemas.UpvestAccountGroupRecord, b: schemas.UpvestAccountGroupRecord) =>
    a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0
  const byUpdated = (a: schemas.UpvestAccountGroupRecord, b: schemas.UpvestAccountGroupRecord) =>
    a.updated_at < b.updated_at ? -1 : a.updated_at > b.updated_at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0
  const byClient = (r: { client_id: string }) => [r.client_id]
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
    groupsByFirm: tables.addeparGroups.index(byNumericId, (r) => [r.firm_id]),
    /** Groups per `<firm>:<group type key>`: the group-type filter and the in-use check before deleting a type. */
    groupsByType: tables.addeparGroups.index(byNumericId, (r) => [`${r.firm_id}:${r.group_type}`]),
    /** The parents of a group, partitioned by child id: deleting a group detaches it without a scan. */
    groupParents: tables.addeparGroups.index(byNumericId, (r) => r.child_groups),
    entitiesByFirm: tables.addeparEntities.index(byNumericId, (r) => [r.firm_id]),
  }
}

/** Creates an empty store: every collection, its id map and its sorted indexes. */
export function createStore(): Store {
  const tables = createTables()
  const indexes = createIndexes(tables)
  const meta: StoreMeta = { counters: {} }
  const store: Store = {
    ...tables,
    indexes,
    meta,
    next(counter) {
      const value = (meta.counters[counter] ?? 0) + 1
      meta.counters[counter] = value
      return value
    },
    snapshot() {
      const out: Record<string, unknown[]> = {}
      for (const [name, table] of Object.entries(tables)) out[name] = [...table.all()]
      return structuredClone({ format: SNAPSHOT_FORMAT, meta, tables: out })
    },
    async restore(snapshot) {
      const parsed = storeSnapshot.parse(snapshot)
      for (const name of Object.keys(parsed.tables)) {
        if (!(name in tables)) throw new Error(`snapshot: unknown table "${name}"`)
      }
      for (const table of Object.values(tables)) table.clear()
      for (const [name, table] of Object.entries(tables)) {
        const records = structuredClone(parsed.tables[name] ?? [])
        await (table as unknown as Table<z.ZodType<{ id: string }>>).insertMany(records as { id: string }[])
      }
      meta.counters = { ...parsed.meta.counters }
    },
  }
  return store
}
