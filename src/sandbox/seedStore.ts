import { de, en, Faker, fr } from '@faker-js/faker'
import type { Store } from '../store/createStore.js'
import type {
  AccountGroupType,
  AddeparEntity,
  AddeparGroup,
  AddeparGroupType,
  AddeparUser,
  UpvestAccountGroupRecord,
  UpvestUser,
  UpvestWebhook,
} from '../store/schemas.js'
import { memberModelType } from '../store/schemas.js'
import { toTimestamp } from './Clock.js'
import { deterministicUuid } from './createIds.js'
import { builtinFixtures } from './internal/builtins.js'
import { type Fixture, fixtureSchema } from './internal/fixtureSchema.js'
import { ScenarioError } from './ScenarioError.js'
import type { Scenario } from './scenarioSchema.js'

const MEMBER_TYPES = new Set<string>(memberModelType.options)
const GENERATED_MODEL_TYPES = [...memberModelType.options, 'STOCK', 'BOND', 'MUTUAL_FUND']
const GENERATED_GROUP_TYPES: AccountGroupType[] = ['LEGAL_ENTITY', 'ISA', 'CHILD', 'FRENCH_PEA']
const DAY = 86_400_000
const NATIONALITIES = ['DE', 'FR', 'AT', 'NL', 'IT', 'ES']
const CURRENCIES = ['USD', 'USD', 'EUR', 'GBP']
const OWNERSHIP_TYPES = ['PERCENT_BASED', 'SHARE_BASED', 'VALUE_BASED'] as const
const GROUP_SUFFIXES = ['Family', 'Household', 'Trusts', 'Partners', 'Accounts']

/**
 * Value pools drawn from faker once per seed; generated records then pick from them. Picking is what
 * keeps the `large` scenario (300,000 records) quick to seed, and the pools keep it varied.
 */
function createPools(faker: Faker) {
  const many = <T>(n: number, make: () => T) => Array.from({ length: n }, make)
  return {
    firstNames: many(300, () => faker.person.firstName()).filter((name) => name.length >= 2),
    lastNames: many(300, () => faker.person.lastName()).filter((name) => name.length >= 2),
    streets: many(200, () => faker.location.street()),
    cities: many(100, () => faker.location.city()),
    companies: many(300, () => faker.company.name()),
    birthDates: many(400, () =>
      faker.date
        .birthdate({ mode: 'age', min: 18, max: 90, refDate: Date.UTC(2025, 0, 1) })
        .toISOString()
        .slice(0, 10),
    ),
  }
}

function pick<T>(faker: Faker, values: readonly T[]): T {
  return values[faker.number.int(values.length - 1)] as T
}

function loadFixture(source: string, name: string, at: number): Fixture {
  const raw = builtinFixtures[name]
  if (raw === undefined) {
    throw ScenarioError.at(
      source,
      ['include', at],
      `unknown fixture "${name}" (known: ${Object.keys(builtinFixtures).join(', ')})`,
    )
  }
  const parsed = fixtureSchema.safeParse(raw)
  if (!parsed.success) throw ScenarioError.fromZod(`fixtures/${name}.json`, parsed.error)
  return parsed.data
}

/**
 * Fills an empty store from a scenario: fixtures, explicit records, then generated ones (faker, seeded).
 * The same scenario and seed always give the same records in the same order.
 */
export async function seedStore(store: Store, scenario: Scenario, seed: number, source = scenario.name): Promise<void> {
  const clock = scenario.clock
  const fixtures = scenario.include.map((name, i) => loadFixture(source, name, i))
  const faker = new Faker({ locale: [de, fr, en], seed })
  const start = Date.parse(clock)
  const pools = createPools(faker)
  // Generated records get uuids from their own sequence (negative counters never meet the run-time ids'),
  // cheaper than faker's at 150,000 records.
  let generated = 0
  const generatedId = () => deterministicUuid(seed, -++generated)

  // ---- Upvest ----
  const { upvest } = scenario
  await store.upvestClients.insertMany(upvest.clients)
  const clientIds = new Set(upvest.clients.map((c) => c.id))
  const firstClient = upvest.clients[0]?.id
  const requireClient = (path: PropertyKey[], id: string | undefined): string => {
    if (!id) throw ScenarioError.at(source, path, 'no client_id and the scenario declares no Upvest client')
    if (!clientIds.has(id)) throw ScenarioError.at(source, path, `unknown Upvest client ${id}`)
    return id
  }

  const users: UpvestUser[] = upvest.users.map((user, i) => ({
    ...user,
    client_id: requireClient(['upvest', 'users', i, 'client_id'], user.client_id ?? firstClient),
    created_at: user.created_at ?? clock,
    updated_at: user.updated_at ?? user.created_at ?? clock,
    status: user.status ?? 'ACTIVE',
  }))
  const generatedUsers = upvest.generate.users
  if (generatedUsers > 0) {
    const client = requireClient(['upvest', 'generate', 'users'], firstClient)
    for (let i = 0; i < generatedUsers; i++) {
      const created = toTimestamp(start - (generatedUsers - i) * 60_000)
      const firstName = pick(faker, pools.firstNames)
      const lastName = pick(faker, pools.lastNames)
      users.push({
        id: generatedId(),
        client_id: client,
        created_at: created,
        updated_at: created,
        first_name: firstName,
        last_name: lastName,
        birth_date: pick(faker, pools.birthDates),
        nationalities: [pick(faker, NATIONALITIES)],
        email: `${firstName}.${lastName}.${i + 1}@example.com`.toLowerCase().replace(/[^a-z0-9.@]/g, ''),
        address: {
          address_line1: `${pick(faker, pools.streets)} ${faker.number.int({ min: 1, max: 250 })}`,
          postcode: String(faker.number.int({ min: 10000, max: 99999 })),
          city: pick(faker, pools.cities),
          country: 'DE',
        },
        status: 'ACTIVE',
      })
    }
  }
  await store.upvestUsers.insertMany(users)

  const groups: UpvestAccountGroupRecord[] = []
  for (const fixture of fixtures) {
    for (const group of fixture.accountGroups) {
      groups.push({ ...group, client_id: requireClient(['include'], firstClient), closure_reason: null })
    }
  }
  let accountNumber = 100_000_000
  const usedNumbers = new Set<string>()
  const nextAccountNumber = () => {
    let n: string
    do n = String(++accountNumber)
    while (usedNumbers.has(n))
    return n
  }
  for (const g of upvest.accountGroups) if (g.securities_account_number) usedNumbers.add(g.securities_account_number)
  for (const g of groups) usedNumbers.add(g.securities_account_number)
  upvest.accountGroups.forEach((group, i) => {
    groups.push({
      ...group,
      client_id: requireClient(['upvest', 'accountGroups', i, 'client_id'], group.client_id ?? firstClient),
      created_at: group.created_at ?? clock,
      updated_at: group.updated_at ?? group.created_at ?? clock,
      status: group.status ?? 'ACTIVE',
      securities_account_number: group.securities_account_number ?? nextAccountNumber(),
      closure_reason: group.closure_reason ?? null,
    })
  })
  const generatedGroups = upvest.generate.accountGroups
  if (generatedGroups > 0) {
    const owners = users.filter((u) => u.client_id === firstClient)
    if (owners.length === 0)
      throw ScenarioError.at(source, ['upvest', 'generate', 'accountGroups'], 'needs users to own them')
    for (let i = 0; i < generatedGroups; i++) {
      const owner = owners[i % owners.length] as UpvestUser
      const round = Math.floor(i / owners.length)
      const created = toTimestamp(start - (generatedGroups - i) * 30_000)
      groups.push({
        id: generatedId(),
        client_id: owner.client_id,
        created_at: created,
        updated_at: created,
        users: [{ id: owner.id, type: 'OWNER' }],
        // One PERSONAL group per user (S8): the first round is PERSONAL, later rounds other types.
        type:
          round === 0
            ? 'PERSONAL'
            : (GENERATED_GROUP_TYPES[(round - 1) % GENERATED_GROUP_TYPES.length] as AccountGroupType),
        status: i % 23 === 0 ? 'CLOSED' : i % 17 === 0 ? 'PENDING_APPROVAL' : 'ACTIVE',
        securities_account_number: nextAccountNumber(),
        closure_reason: i % 23 === 0 ? 'user_initiated' : null,
      })
    }
  }
  const userIds = new Set(users.map((u) => u.id))
  groups.forEach((group, i) => {
    for (const [j, user] of group.users.entries()) {
      if (!userIds.has(user.id))
        throw ScenarioError.at(source, ['upvest', 'accountGroups', i, 'users', j, 'id'], `unknown user ${user.id}`)
    }
  })
  await store.upvestAccountGroups.insertMany(groups)

  const webhooks: UpvestWebhook[] = upvest.webhooks.map((hook, i) => ({
    ...hook,
    client_id: requireClient(['upvest', 'webhooks', i, 'client_id'], hook.client_id ?? firstClient),
    created_at: hook.created_at ?? clock,
    updated_at: hook.updated_at ?? hook.created_at ?? clock,
    enabled: hook.enabled ?? true,
    type: hook.type ?? ['ALL'],
    config: hook.config ?? { delay: '5s', max_package_size: 10240 },
  }))
  await store.upvestWebhooks.insertMany(webhooks)

  // ---- Addepar ----
  const { addepar } = scenario
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
  // Every firm has the built-in, permissioned GROUPS type (A20).
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
      })
    }
  }
  addepar.entities.forEach((e, i) => {
    entities.push({
      ...e,
      firm_id: requireFirm(['addepar', 'entities', i, 'firm_id'], e.firm_id ?? firstFirm),
      created_at: e.created_at ?? clock,
      modified_at: e.modified_at ?? e.created_at ?? clock,
    })
  })
  const maxId = (records: { id: string }[]) => records.reduce((max, r) => Math.max(max, Number(r.id)), 0)
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
          ? `${pick(faker, pools.firstNames)} ${pick(faker, pools.lastNames)}`
          : modelType === 'FINANCIAL_ACCOUNT'
            ? `${pick(faker, pools.companies)} ${faker.number.int({ min: 1000, max: 9999 })}`
            : pick(faker, pools.companies),
        display_name: null,
        model_type: modelType,
        currency_factor: pick(faker, CURRENCIES),
        ownership_type: isClient ? null : pick(faker, OWNERSHIP_TYPES),
        is_rolled_up: isClient ? null : false,
        created_at: created,
        modified_at: created,
      })
    }
  }
  await store.addeparEntities.insertMany(entities)

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
  const generatedGroupCount = addepar.generate.groups
  if (generatedGroupCount > 0) {
    const firm = requireFirm(['addepar', 'generate', 'groups'], firstFirm)
    const memberPool = entities.filter((e) => e.firm_id === firm && MEMBER_TYPES.has(e.model_type))
    const base = Math.max(maxId(addeparGroups), 1_000_000)
    for (let i = 0; i < generatedGroupCount; i++) {
      const id = base + i + 1
      const created = toTimestamp(start - Math.floor(((generatedGroupCount - i) * DAY) / 100))
      const size = memberPool.length === 0 ? 0 : faker.number.int({ min: 1, max: Math.min(4, memberPool.length) })
      const members = new Set<string>()
      for (let m = 0; m < size; m++) members.add((memberPool[(i * 7 + m * 13) % memberPool.length] as AddeparEntity).id)
      addeparGroups.push({
        id: String(id),
        firm_id: firm,
        name: `${pick(faker, pools.lastNames)} ${pick(faker, GROUP_SUFFIXES)}`,
        group_type: i % 3 === 0 ? 'HH_GROUPS' : 'GROUPS',
        members: [...members],
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
  validateAddeparGroups(source, addeparGroups, explicitStart, entities, groupTypes)
  await store.addeparGroups.insertMany(addeparGroups)
  store.meta.counters['addepar.groups'] = maxId(addeparGroups)
}

function validateAddeparGroups(
  source: string,
  groups: AddeparGroup[],
  explicitStart: number,
  entities: AddeparEntity[],
  groupTypes: Map<string, AddeparGroupType>,
): void {
  const entityById = new Map(entities.map((e) => [e.id, e]))
  const groupIds = new Set(groups.map((g) => g.id))
  const pathOf = (i: number, ...rest: PropertyKey[]): PropertyKey[] =>
    i < explicitStart ? ['include', ...rest] : ['addepar', 'groups', i - explicitStart, ...rest]
  groups.forEach((group, i) => {
    if (!groupTypes.has(`${group.firm_id}:${group.group_type}`)) {
      throw ScenarioError.at(
        source,
        pathOf(i, 'group_type'),
        `unknown group type ${group.group_type} in firm ${group.firm_id}`,
      )
    }
    group.members.forEach((id, j) => {
      const entity = entityById.get(id)
      if (!entity) throw ScenarioError.at(source, pathOf(i, 'members', j), `group ${group.id}: unknown entity ${id}`)
      if (!MEMBER_TYPES.has(entity.model_type)) {
        throw ScenarioError.at(
          source,
          pathOf(i, 'members', j),
          `group ${group.id}: entity ${id} is a ${entity.model_type}, not a member model type`,
        )
      }
    })
    group.child_groups.forEach((id, j) => {
      if (!groupIds.has(id))
        throw ScenarioError.at(source, pathOf(i, 'child_groups', j), `group ${group.id}: unknown child group ${id}`)
      if (id === group.id)
        throw ScenarioError.at(source, pathOf(i, 'child_groups', j), `group ${group.id} cannot be its own child`)
    })
  })
}
