import type { AccountGroupType, UpvestAccountGroupRecord, UpvestUser, UpvestWebhook } from '../../../store/schemas.js'
import { toTimestamp } from '../../time/Clock.js'
import { ScenarioError } from '../ScenarioError.js'
import type { Scenario } from '../scenarioSchema.js'
import type { SeedContext } from './createSeedContext.js'

const GENERATED_GROUP_TYPES: AccountGroupType[] = ['LEGAL_ENTITY', 'ISA', 'CHILD', 'FRENCH_PEA']
const NATIONALITIES = ['DE', 'FR', 'AT', 'NL', 'IT', 'ES']

/** Upvest's clients, users, account groups and webhook subscriptions: fixtures, explicit, then generated. */
export async function seedUpvest(ctx: SeedContext, upvest: Scenario['upvest']): Promise<void> {
  const { store, source, clock, start, fixtures, faker, pools, pick, generatedId } = ctx
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
  const explicitUsers = users.length
  const generatedUsers = upvest.generate.users
  if (generatedUsers > 0) {
    const client = requireClient(['upvest', 'generate', 'users'], firstClient)
    for (let i = 0; i < generatedUsers; i++) {
      const created = toTimestamp(start - (generatedUsers - i) * 60_000)
      const firstName = pick(pools.firstNames)
      const lastName = pick(pools.lastNames)
      users.push({
        id: generatedId(),
        client_id: client,
        created_at: created,
        updated_at: created,
        first_name: firstName,
        last_name: lastName,
        birth_date: pick(pools.birthDates),
        nationalities: [pick(NATIONALITIES)],
        email: `${firstName}.${lastName}.${i + 1}@example.com`.toLowerCase().replace(/[^a-z0-9.@]/g, ''),
        address: {
          address_line1: `${pick(pools.streets)} ${faker.number.int({ min: 1, max: 250 })}`,
          postcode: String(faker.number.int({ min: 10000, max: 99999 })),
          city: pick(pools.cities),
          country: 'DE',
        },
        status: 'ACTIVE',
      })
    }
  }
  await store.upvestUsers.insertMany(users.slice(0, explicitUsers))
  await store.upvestUsers.insertMany(users.slice(explicitUsers), { validate: false })

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
  const explicitGroups = groups.length
  const generatedGroups = upvest.generate.accountGroups
  if (generatedGroups > 0) {
    const owners = users.filter((u) => u.client_id === firstClient)
    if (owners.length === 0)
      throw ScenarioError.at(source, ['upvest', 'generate', 'accountGroups'], 'needs users to own them')
    for (let i = 0; i < generatedGroups; i++) {
      const owner = owners[i % owners.length] as UpvestUser
      const round = Math.floor(i / owners.length)
      const created = toTimestamp(start - (generatedGroups - i) * 30_000)
      // In the schema's key order, as zod would give them back.
      groups.push({
        id: generatedId(),
        created_at: created,
        updated_at: created,
        users: [{ id: owner.id, type: 'OWNER' }],
        status: i % 23 === 0 ? 'CLOSED' : i % 17 === 0 ? 'PENDING_APPROVAL' : 'ACTIVE',
        // One PERSONAL group per user (docs/upvest.md#create-account-group): the first round is PERSONAL, later rounds other types.
        type:
          round === 0
            ? 'PERSONAL'
            : (GENERATED_GROUP_TYPES[(round - 1) % GENERATED_GROUP_TYPES.length] as AccountGroupType),
        securities_account_number: nextAccountNumber(),
        client_id: owner.client_id,
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
  await store.upvestAccountGroups.insertMany(groups.slice(0, explicitGroups))
  await store.upvestAccountGroups.insertMany(groups.slice(explicitGroups), { validate: false })

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
}
