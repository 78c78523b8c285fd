import type { Faker } from '@faker-js/faker'
import { faker as germanFaker } from '@faker-js/faker/locale/de'
import type { Store } from '../../../store/createStore.js'
import { deterministicUuid } from '../createIds.js'
import { ScenarioError } from '../ScenarioError.js'
import type { Scenario } from '../scenarioSchema.js'
import { builtinFixtures } from './builtins.js'
import { type Fixture, fixtureSchema } from './fixtureSchema.js'

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

/** What seeding either provider needs: the store, where errors point, the fixtures and the seeded sources. */
export interface SeedContext {
  store: Store
  /** Starts every error message (a file name, or the scenario's name). */
  source: string
  /** The scenario's clock, the default timestamp, and the same in milliseconds. */
  clock: string
  start: number
  fixtures: Fixture[]
  faker: Faker
  pools: ReturnType<typeof createPools>
  /** A value from a list, drawn from the seeded faker. */
  pick<T>(values: readonly T[]): T
  /** Uuids of generated records: their own sequence (negative counters never meet the run-time ids'), cheaper than faker's at 150,000 records. */
  generatedId(): string
}

/**
 * A Faker of its own per seed, with German data. Through the German locale's entry, not the package's: that
 * one loads all 70 locales, a fifth of a second of every start. The entry exports only its shared
 * instance, whose constructor is Faker and whose definitions are German over English over base; the pools
 * draw only keys the German locale has, so they are what `[de, fr, en]` gave before.
 */
const GermanFaker = germanFaker.constructor as typeof Faker

export function createSeedContext(store: Store, scenario: Scenario, seed: number, source: string): SeedContext {
  const faker = new GermanFaker({ locale: germanFaker.rawDefinitions, seed })
  let generated = 0
  return {
    store,
    source,
    clock: scenario.clock,
    start: Date.parse(scenario.clock),
    fixtures: scenario.include.map((name, i) => loadFixture(source, name, i)),
    faker,
    pools: createPools(faker),
    pick: <T>(values: readonly T[]): T => values[faker.number.int(values.length - 1)] as T,
    generatedId: () => deterministicUuid(seed, -++generated),
  }
}
