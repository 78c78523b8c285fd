import { rename, writeFile } from 'node:fs/promises'
import { z } from 'zod'
import { accountGroup, upvestUser } from '../store/schemas.js'
import {
  type RecordedEntity,
  type RecordedFirm,
  type RecordedGroup,
  type RecordedGroupType,
  toRecordedScenario,
} from './toRecordedScenario.js'

const ids = z.array(z.object({ id: z.string() }))
const timestamp = z.string()

/** The parts of the answers the recorder reads; an answer of another shape (drift) is not recorded. */
const groupResource = z.object({
  type: z.literal('groups'),
  id: z.string(),
  attributes: z
    .object({ name: z.string(), created_at: timestamp.optional(), modified_at: timestamp.optional() })
    .catchall(z.unknown()),
  relationships: z.object({
    members: z.object({ data: ids }),
    group_type: z.object({ data: z.object({ id: z.string() }) }),
    child_groups: z.object({ data: ids }),
  }),
})
const entityResource = z.object({
  type: z.literal('entities'),
  id: z.string(),
  attributes: z.object({
    original_name: z.string(),
    display_name: z.string().optional(),
    model_type: z.string(),
    currency_factor: z.string().optional(),
    ownership_type: z.enum(['PERCENT_BASED', 'SHARE_BASED', 'VALUE_BASED']).optional(),
    is_rolled_up: z.boolean().optional(),
    created_at: timestamp.optional(),
    modified_at: timestamp.optional(),
  }),
})
const groupTypeResource = z.object({
  type: z.literal('group_types'),
  attributes: z.object({
    group_type_key: z.string(),
    display_name: z.string(),
    is_permissioned_resource: z.boolean(),
  }),
})
const apiUser = upvestUser.omit({ client_id: true })

const UPVEST_USERS = new Set(['list_users', 'retrieve_user'])
const UPVEST_ACCOUNT_GROUPS = new Set([
  'list_account_groups',
  'list_user_account_groups',
  'retrieve_account_group',
  'create_account_group',
])

/** A list's items or the one resource of an answer. */
const itemsOf = (body: unknown): unknown[] => {
  const data = (body as { data?: unknown } | null)?.data
  if (Array.isArray(data)) return data
  return data === undefined ? [body] : [data]
}

/**
 * `--record FILE` in proxy mode (docs/drift.md#record): keeps the users, account groups, groups with their
 * members and child groups, entities and group types the real providers answered, and after each answer
 * that brought something new rewrites FILE as a scenario (`toRecordedScenario`: fakes for personal data and
 * secrets), whole, through a temporary file, so that it is always one that loads.
 */
export class ScenarioRecorder {
  readonly #users = new Map<string, RecordedFirm['users'][number]>()
  readonly #accountGroups = new Map<string, RecordedFirm['accountGroups'][number]>()
  readonly #groups = new Map<string, RecordedGroup>()
  readonly #entities = new Map<string, RecordedEntity>()
  readonly #groupTypes = new Map<string, RecordedGroupType>()
  #writing: Promise<void> = Promise.resolve()

  constructor(
    readonly file: string,
    readonly seed: number,
  ) {}

  /** Takes in a successful JSON answer to `operationId`; resolves once the file holds it. */
  async record(api: 'upvest' | 'addepar', operationId: string, body: unknown): Promise<void> {
    const changed = api === 'upvest' ? this.#upvest(operationId, body) : this.#addepar(body)
    if (changed) await this.#write()
  }

  recorded(): RecordedFirm {
    return {
      users: [...this.#users.values()],
      accountGroups: [...this.#accountGroups.values()],
      groups: [...this.#groups.values()],
      entities: [...this.#entities.values()],
      groupTypes: [...this.#groupTypes.values()],
    }
  }

  #upvest(operationId: string, body: unknown): boolean {
    const [schema, into] = UPVEST_USERS.has(operationId)
      ? [apiUser, this.#users]
      : UPVEST_ACCOUNT_GROUPS.has(operationId)
        ? [accountGroup, this.#accountGroups]
        : [undefined, undefined]
    if (!schema || !into) return false
    let changed = false
    for (const item of itemsOf(body)) {
      const parsed = schema.safeParse(item)
      if (!parsed.success) continue
      ;(into as Map<string, unknown>).set(parsed.data.id, parsed.data)
      changed = true
    }
    return changed
  }

  #addepar(body: unknown): boolean {
    let changed = false
    for (const item of itemsOf(body)) {
      const group = groupResource.safeParse(item)
      if (group.success) {
        const { name, created_at, modified_at, ...extra } = group.data.attributes
        const { members, group_type, child_groups } = group.data.relationships
        this.#groups.set(group.data.id, {
          id: group.data.id,
          name,
          group_type: group_type.data.id,
          members: members.data.map((member) => member.id),
          child_groups: child_groups.data.map((child) => child.id),
          created_at,
          modified_at,
          extra_attributes: extra,
        })
        changed = true
        continue
      }
      const entity = entityResource.safeParse(item)
      if (entity.success) {
        this.#entities.set(entity.data.id, { id: entity.data.id, ...entity.data.attributes })
        changed = true
        continue
      }
      const type = groupTypeResource.safeParse(item)
      if (type.success) {
        this.#groupTypes.set(type.data.attributes.group_type_key, type.data.attributes)
        changed = true
      }
    }
    return changed
  }

  #write(): Promise<void> {
    const scenario = toRecordedScenario(this.recorded(), this.seed)
    const text = `${JSON.stringify(scenario, null, 2)}\n`
    // One write at a time, in the order of the answers: the last answer's file is the one left.
    this.#writing = this.#writing
      .catch(() => undefined)
      .then(async () => {
        const partial = `${this.file}.partial`
        await writeFile(partial, text)
        await rename(partial, this.file)
      })
    return this.#writing
  }
}
