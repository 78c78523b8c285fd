import type {
  AddeparEntity,
  AddeparGroup,
  AddeparGroupType,
  AddeparUser,
  LinkingStatus,
} from '../../../store/schemas.js'
import { memberModelType } from '../../../store/schemas.js'
import { toTimestamp } from '../../time/Clock.js'
import { ScenarioError } from '../ScenarioError.js'
import type { Scenario } from '../scenarioSchema.js'
import type { SeedContext } from './createSeedContext.js'

const MEMBER_TYPES = new Set<string>(memberModelType.options)
const GENERATED_MODEL_TYPES = [...memberModelType.options, 'STOCK', 'BOND', 'MUTUAL_FUND']
const DAY = 86_400_000
const CURRENCIES = ['USD', 'USD', 'EUR', 'GBP']
const OWNERSHIP_TYPES = ['PERCENT_BASED', 'SHARE_BASED', 'VALUE_BASED'] as const
const GROUP_SUFFIXES = ['Family', 'Household', 'Trusts', 'Partners', 'Accounts']
/** The model type of online accounts, the only entities `filter[linking_status]` knows about. */
const ONLINE_ACCOUNT = 'FINANCIAL_ACCOUNT'

/** An online account's linking status, `linked` unless the scenario says otherwise; null for other entities. */
function linkingStatusOf(modelType: string, given: LinkingStatus | null): LinkingStatus | null {
  return modelType === ONLINE_ACCOUNT ? (given ?? 'linked') : null
}

/** Addepar's firms, users, group types, entities and groups: fixtures, explicit, then generated. */
export async function seedAddepar(ctx: SeedContext, addepar: Scenario['addepar']): Promise<void> {
  const { store, source, clock, start, fixtures, faker, pools, pick } = ctx
  await store.addeparFirms.insertMany(addepar.firms)
  const firmIds = new Set(addepar.firms.map((f) => f.id))
  const firstFirm = addepar.firms[0]?.id
  const requireFirm = (path: PropertyKey[], id: string | undefined): string => {
    if (!id) throw ScenarioError.at(source, path, 'no firm_id and the scenario declares no Addepar firm')
    if (!firmIds.has(id)) throw ScenarioError.at(source, path, `unknown Addepar firm ${id}`)
    return id
  }

  const addeparUsers: AddeparUser[] = addepar.users.map((user, i) => ({
    ...user,
    firm_id: requireFirm(['addepar', 'users', i, 'firm_id'], user.firm_id ?? firstFirm),
  }))
  await store.addeparUsers.insertMany(addeparUsers)

  const groupTypes = new Map<string, AddeparGroupType>()
  const addGroupType = (
    path: PropertyKey[],
    type: Omit<AddeparGroupType, 'id' | 'firm_id'> & { firm_id?: string | undefined },
  ) => {
    const firm = requireFirm(path, type.firm_id ?? firstFirm)
    const id = `${firm}:${type.group_type_key}`
    groupTypes.set(id, { ...type, id, firm_id: firm })
  }
  // Every firm has the built-in, permissioned GROUPS type (docs/addepar.md#group-types).
  for (const firm of addepar.firms) {
    addGroupType([], {
      firm_id: firm.id,
      group_type_key: 'GROUPS',
      display_name: 'Groups',
      is_permissioned_resource: true,
      built_in: true,
    })
  }
  for (const fixture of fixtures) {
    for (const t of fixture.groupTypes) addGroupType(['include'], { ...t.attributes, built_in: false })
  }
  for (const [i, t] of addepar.groupTypes.entries()) addGroupType(['addepar', 'groupTypes', i], t)
  await store.addeparGroupTypes.insertMany([...groupTypes.values()])

  const entities: AddeparEntity[] = []
  for (const fixture of fixtures) {
    for (const e of fixture.entities) {
      entities.push({
        id: e.id,
        firm_id: requireFirm(['include'], firstFirm),
        original_name: e.attributes.original_name,
        display_name: e.attributes.display_name ?? null,
        model_type: e.attributes.model_type,
        currency_factor: e.attributes.currency_factor ?? null,
        ownership_type: e.attributes.ownership_type ?? null,
        is_rolled_up: e.attributes.is_rolled_up ?? null,
        created_at: clock,
        modified_at: clock,
        // The documented account is a member of a client's group: linked to an owner.
        linking_status: linkingStatusOf(e.attributes.model_type, null),
      })
    }
  }
  addepar.entities.forEach((e, i) => {
    if (e.linking_status !== null && e.model_type !== ONLINE_ACCOUNT) {
      throw ScenarioError.at(
        source,
        ['addepar', 'entities', i, 'linking_status'],
        `entity ${e.id} is a ${e.model_type}: only a ${ONLINE_ACCOUNT} (an online account) has a linking status`,
      )
    }
    entities.push({
      ...e,
      firm_id: requireFirm(['addepar', 'entities', i, 'firm_id'], e.firm_id ?? firstFirm),
      created_at: e.created_at ?? clock,
      modified_at: e.modified_at ?? e.created_at ?? clock,
      linking_status: linkingStatusOf(e.model_type, e.linking_status),
    })
  })
  const maxId = (records: { id: string }[]) => records.reduce((max, r) => Math.max(max, Number(r.id)), 0)
  const explicitEntities = entities.length
  const generatedEntities = addepar.generate.entities
  if (generatedEntities > 0) {
    const firm = requireFirm(['addepar', 'generate', 'entities'], firstFirm)
    const base = Math.max(maxId(entities), 3_000_000)
    for (let i = 0; i < generatedEntities; i++) {
      const modelType = GENERATED_MODEL_TYPES[i % GENERATED_MODEL_TYPES.length] as string
      const created = toTimestamp(start - (generatedEntities - i) * 60_000)
      const isClient = modelType === 'PERSON_NODE'
      entities.push({
        id: String(base + i + 1),
        firm_id: firm,
        original_name: isClient
          ? `${pick(pools.firstNames)} ${pick(pools.lastNames)}`
          : modelType === 'FINANCIAL_ACCOUNT'
            ? `${pick(pools.companies)} ${faker.number.int({ min: 1000, max: 9999 })}`
            : pick(pools.companies),
        display_name: null,
        model_type: modelType,
        currency_factor: pick(CURRENCIES),
        ownership_type: isClient ? null : pick(OWNERSHIP_TYPES),
        is_rolled_up: isClient ? null : false,
        created_at: created,
        modified_at: created,
        // Every fourth generated account has no owner; from the index, so the seeded draws stay as they were.
        linking_status:
          modelType === ONLINE_ACCOUNT
            ? Math.floor(i / GENERATED_MODEL_TYPES.length) % 4 === 3
              ? 'unlinked'
              : 'linked'
            : null,
      })
    }
  }
  await store.addeparEntities.insertMany(entities.slice(0, explicitEntities))
  await store.addeparEntities.insertMany(entities.slice(explicitEntities), { validate: false })

  const addeparGroups: AddeparGroup[] = []
  for (const fixture of fixtures) {
    for (const g of fixture.groups) {
      const { name, created_at, modified_at, ...extra } = g.attributes
      addeparGroups.push({
        id: g.id,
        firm_id: requireFirm(['include'], firstFirm),
        name,
        group_type: g.relationships.group_type.data.id,
        members: g.relationships.members.data.map((m) => m.id),
        child_groups: g.relationships.child_groups.data.map((c) => c.id),
        created_at,
        modified_at,
        extra_attributes: extra,
      })
    }
  }
  const explicitStart = addeparGroups.length
  addepar.groups.forEach((g, i) => {
    addeparGroups.push({
      ...g,
      firm_id: requireFirm(['addepar', 'groups', i, 'firm_id'], g.firm_id ?? firstFirm),
      members: g.members ?? [],
      child_groups: g.child_groups ?? [],
      created_at: g.created_at ?? clock,
      modified_at: g.modified_at ?? g.created_at ?? clock,
    })
  })
  const explicitGroups = addeparGroups.length
  const generatedGroupCount = addepar.generate.groups
  if (generatedGroupCount > 0) {
    const firm = requireFirm(['addepar', 'generate', 'groups'], firstFirm)
    const memberPool = entities.filter((e) => e.firm_id === firm && MEMBER_TYPES.has(e.model_type))
    const base = Math.max(maxId(addeparGroups), 1_000_000)
    for (let i = 0; i < generatedGroupCount; i++) {
      const id = base + i + 1
      const created = toTimestamp(start - Math.floor(((generatedGroupCount - i) * DAY) / 100))
      const size = memberPool.length === 0 ? 0 : faker.number.int({ min: 1, max: Math.min(4, memberPool.length) })
      // At most four, so an array's `includes` rather than a Set per group (100,000 of them, all garbage).
      const members: string[] = []
      for (let m = 0; m < size; m++) {
        const id = (memberPool[(i * 7 + m * 13) % memberPool.length] as AddeparEntity).id
        if (!members.includes(id)) members.push(id)
      }
      addeparGroups.push({
        id: String(id),
        firm_id: firm,
        name: `${pick(pools.lastNames)} ${pick(GROUP_SUFFIXES)}`,
        group_type: i % 3 === 0 ? 'HH_GROUPS' : 'GROUPS',
        members,
        // A child tree every tenth group: id -> id + 1 -> id + 2, never a cycle.
        child_groups:
          i % 10 === 0 && i + 2 < generatedGroupCount
            ? [String(id + 1)]
            : i % 10 === 1 && i + 1 < generatedGroupCount
              ? [String(id + 1)]
              : [],
        created_at: created,
        modified_at: created,
        extra_attributes: {},
      })
    }
  }
  validateAddeparGroups(source, addeparGroups, explicitStart, store.addeparEntities, groupTypes)
  await store.addeparGroups.insertMany(addeparGroups.slice(0, explicitGroups))
  await store.addeparGroups.insertMany(addeparGroups.slice(explicitGroups), { validate: false })
  store.meta.counters['addepar.groups'] = maxId(addeparGroups)
}

function validateAddeparGroups(
  source: string,
  groups: AddeparGroup[],
  explicitStart: number,
  entities: { get(id: string): AddeparEntity | undefined },
  groupTypes: Map<string, AddeparGroupType>,
): void {
  // Per firm, its group type keys: 100,000 groups are checked without building a key string each.
  const typesByFirm = new Map<string, Set<string>>()
  for (const type of groupTypes.values()) {
    const keys = typesByFirm.get(type.firm_id) ?? new Set<string>()
    keys.add(type.group_type_key)
    typesByFirm.set(type.firm_id, keys)
  }
  const groupIds = new Set(groups.map((g) => g.id))
  const pathOf = (i: number, ...rest: PropertyKey[]): PropertyKey[] =>
    i < explicitStart ? ['include', ...rest] : ['addepar', 'groups', i - explicitStart, ...rest]
  for (const [i, group] of groups.entries()) {
    if (!typesByFirm.get(group.firm_id)?.has(group.group_type)) {
      throw ScenarioError.at(
        source,
        pathOf(i, 'group_type'),
        `unknown group type ${group.group_type} in firm ${group.firm_id}`,
      )
    }
    for (const [j, id] of group.members.entries()) {
      const entity = entities.get(id)
      if (!entity) throw ScenarioError.at(source, pathOf(i, 'members', j), `group ${group.id}: unknown entity ${id}`)
      if (!MEMBER_TYPES.has(entity.model_type)) {
        throw ScenarioError.at(
          source,
          pathOf(i, 'members', j),
          `group ${group.id}: entity ${id} is a ${entity.model_type}, not a member model type`,
        )
      }
    }
    for (const [j, id] of group.child_groups.entries()) {
      if (!groupIds.has(id))
        throw ScenarioError.at(source, pathOf(i, 'child_groups', j), `group ${group.id}: unknown child group ${id}`)
      if (id === group.id)
        throw ScenarioError.at(source, pathOf(i, 'child_groups', j), `group ${group.id} cannot be its own child`)
    }
  }
}
