import { en, Faker } from '@faker-js/faker'
import type { ScenarioInput } from '../sandbox/scenarios/scenarioSchema.js'
import { type AccountGroup, memberModelType, type UpvestUser, upvestScope } from '../store/schemas.js'

/** An Addepar group as a provider answer shows it: attributes and the ids of its relationships. */
export interface RecordedGroup {
  id: string
  name: string
  group_type: string
  members: string[]
  child_groups: string[]
  created_at?: string
  modified_at?: string
  /** `external_id_*` and `_custom_*` attributes. */
  extra_attributes: Record<string, unknown>
}

export interface RecordedEntity {
  id: string
  original_name: string
  display_name?: string
  model_type: string
  currency_factor?: string
  ownership_type?: 'PERCENT_BASED' | 'SHARE_BASED' | 'VALUE_BASED'
  is_rolled_up?: boolean
  created_at?: string
  modified_at?: string
}

export interface RecordedGroupType {
  group_type_key: string
  display_name: string
  is_permissioned_resource: boolean
}

/** What came back from the real providers, as they sent it: personal data and real ids included. */
export interface RecordedFirm {
  users: Omit<UpvestUser, 'client_id'>[]
  accountGroups: AccountGroup[]
  groups: RecordedGroup[]
  entities: RecordedEntity[]
  groupTypes: RecordedGroupType[]
}

const ENTITY_NAMES: Record<string, (faker: Faker) => string> = {
  PERSON_NODE: (faker) => faker.person.fullName(),
  TRUST: (faker) => `${faker.person.lastName()} Family Trust`,
  FINANCIAL_ACCOUNT: (faker) => `${faker.company.name()} Account ${faker.string.numeric(4)}`,
}

const latest = (timestamps: (string | undefined)[]) =>
  timestamps.reduce<string | undefined>(
    (max, each) => (each === undefined || (max !== undefined && max >= each) ? max : each),
    undefined,
  )

/**
 * The scenario file a recording becomes (docs/drift.md#record): the same records in the same relations, with
 * every name, birth date, email, address, account number and external id a seeded fake, and every id
 * replaced by a fake one the same way wherever it appears. What is kept is the shape: counts, types, statuses,
 * group types, the tree of groups, which entity is in which group, timestamps. A reference to a record that
 * never came back (a member the app never read) is left out, so the file loads as it is; the sandbox's own
 * credentials are made up too, and printed when it starts.
 */
export function toRecordedScenario(recorded: RecordedFirm, seed: number): ScenarioInput {
  const faker = new Faker({ locale: [en], seed })
  const clock = latest([
    ...recorded.users.flatMap((user) => [user.created_at, user.updated_at]),
    ...recorded.accountGroups.flatMap((group) => [group.created_at, group.updated_at]),
    ...recorded.groups.flatMap((group) => [group.created_at, group.modified_at]),
    ...recorded.entities.flatMap((entity) => [entity.created_at, entity.modified_at]),
  ])
  const refDate = clock ?? '2025-01-15T09:00:00Z'

  const uuids = new Map<string, string>()
  const uuid = (real: string) => {
    if (!uuids.has(real)) uuids.set(real, faker.string.uuid())
    return uuids.get(real) as string
  }
  // Addepar's entities and groups share one series of numbers, so a fake id never names both.
  const numbers = new Map<string, string>()
  const number = (real: string) => {
    if (!numbers.has(real)) numbers.set(real, String(1_000_001 + numbers.size))
    return numbers.get(real) as string
  }

  const users = recorded.users.map((user) => {
    const firstName = faker.person.firstName()
    const lastName = faker.person.lastName()
    return {
      ...user,
      id: uuid(user.id),
      first_name: firstName.padEnd(2, 'a'),
      last_name: lastName.padEnd(2, 'a'),
      birth_date: faker.date.birthdate({ mode: 'age', min: 18, max: 90, refDate }).toISOString().slice(0, 10),
      email: faker.internet.email({ firstName, lastName, provider: 'example.com' }).toLowerCase(),
      address: {
        address_line1: faker.location.streetAddress(),
        postcode: faker.location.zipCode('#####'),
        city: faker.location.city().slice(0, 85),
        country: user.address.country,
      },
    }
  })
  const userIds = new Set(recorded.users.map((user) => user.id))
  const accountGroups = recorded.accountGroups.flatMap((group) => {
    const owners = group.users.filter((user) => userIds.has(user.id))
    if (owners.length === 0) return []
    return [
      {
        ...group,
        id: uuid(group.id),
        users: owners.map((user) => ({ ...user, id: uuid(user.id) })),
        securities_account_number: faker.string.numeric({ length: 9 }),
      },
    ]
  })

  const entityIds = new Set(recorded.entities.map((entity) => entity.id))
  const members = new Set(
    recorded.entities.filter((entity) => memberModelType.safeParse(entity.model_type).success).map((e) => e.id),
  )
  const entities = [...recorded.entities]
    .sort((a, b) => Number(a.id) - Number(b.id))
    .map((entity) => {
      const name = (ENTITY_NAMES[entity.model_type] ?? ((each: Faker) => each.company.name()))(faker)
      return {
        ...entity,
        id: number(entity.id),
        original_name: name,
        ...(entity.display_name === undefined ? {} : { display_name: name }),
      }
    })
  const groupIds = new Set(recorded.groups.map((group) => group.id))
  const groups = [...recorded.groups]
    .sort((a, b) => Number(a.id) - Number(b.id))
    .map((group) => ({
      ...group,
      id: number(group.id),
      name: `${faker.person.lastName()} ${faker.helpers.arrayElement(['Household', 'Family', 'Trusts', 'Holdings'])}`,
      members: group.members.filter((id) => entityIds.has(id) && members.has(id)).map(number),
      child_groups: group.child_groups.filter((id) => groupIds.has(id)).map(number),
      extra_attributes: Object.fromEntries(
        Object.entries(group.extra_attributes).map(([key, value]) => [
          key,
          typeof value === 'string' ? faker.string.alphanumeric({ length: Math.max(1, value.length) }) : value,
        ]),
      ),
    }))
  const groupTypes = new Map(
    recorded.groupTypes
      .filter((type) => type.group_type_key !== 'GROUPS')
      .map((type) => [type.group_type_key, type] as const),
  )
  // A group's type that was never listed is still a type the firm has.
  for (const group of recorded.groups) {
    if (group.group_type !== 'GROUPS' && !groupTypes.has(group.group_type)) {
      groupTypes.set(group.group_type, {
        group_type_key: group.group_type,
        display_name: group.group_type,
        is_permissioned_resource: false,
      })
    }
  }

  return {
    name: 'recorded',
    description:
      'Recorded by `wealth-sandbox proxy --record` (docs/drift.md#record): the shapes of real answers, with ' +
      `personal data, secrets and ids replaced by fakes (seed ${seed}).`,
    seed,
    ...(clock ? { clock } : {}),
    upvest: {
      clients: [
        {
          id: faker.string.uuid(),
          name: 'Recorded client',
          client_secret: `recorded-secret-${faker.string.alphanumeric(16)}`,
          scopes: [...upvestScope.options],
        },
      ],
      users,
      accountGroups,
    },
    addepar: {
      firms: [{ id: faker.string.numeric({ length: 3, allowLeadingZeros: false }), name: 'Recorded firm' }],
      users: [
        {
          id: '1',
          name: 'Recorded Admin',
          api_key: `recorded-key-${faker.string.alphanumeric(12)}`,
          api_secret: `recorded-secret-${faker.string.alphanumeric(16)}`,
          permissions: { manage_groups: true, portfolio_access: 'all', group_access: 'all' },
          tokens: [
            {
              token: `recorded-token-${faker.string.alphanumeric(16)}`,
              scopes: ['GROUPS', 'GROUPS_WRITE', 'ENTITIES', 'ENTITIES_WRITE'],
            },
          ],
        },
      ],
      groupTypes: [...groupTypes.values()],
      entities,
      groups,
    },
  }
}
