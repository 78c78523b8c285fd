import addeparGroupsPage from '../../../../fixtures/addepar-groups-page.json' with { type: 'json' }
import upvestAccountGroupsPage from '../../../../fixtures/upvest-account-groups-page.json' with { type: 'json' }
import defaultScenario from '../../../../scenarios/default.json' with { type: 'json' }
import emptyScenario from '../../../../scenarios/empty.json' with { type: 'json' }
import householdsScenario from '../../../../scenarios/households.json' with { type: 'json' }
import largeScenario from '../../../../scenarios/large.json' with { type: 'json' }

// Static imports rather than file reads, so scenarios load the same way in Node and in a browser.
export const builtinScenarios: Record<string, unknown> = {
  default: defaultScenario,
  empty: emptyScenario,
  households: householdsScenario,
  large: largeScenario,
}

export const builtinFixtures: Record<string, unknown> = {
  'addepar-groups-page': addeparGroupsPage,
  'upvest-account-groups-page': upvestAccountGroupsPage,
}
