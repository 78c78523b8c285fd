import type { Store } from '../../store/createStore.js'
import { createSeedContext } from './internal/createSeedContext.js'
import { seedAddepar } from './internal/seedAddepar.js'
import { seedUpvest } from './internal/seedUpvest.js'
import type { Scenario } from './scenarioSchema.js'

/**
 * Fills an empty store from a scenario: fixtures, explicit records, then generated ones (faker, seeded).
 * The same scenario and seed always give the same records in the same order.
 */
export async function seedStore(store: Store, scenario: Scenario, seed: number, source = scenario.name): Promise<void> {
  const ctx = createSeedContext(store, scenario, seed, source)
  await seedUpvest(ctx, scenario.upvest)
  await seedAddepar(ctx, scenario.addepar)
}
