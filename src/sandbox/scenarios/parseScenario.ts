import { builtinScenarios } from './internal/builtins.js'
import { ScenarioError } from './ScenarioError.js'
import { type Scenario, type ScenarioInput, scenarioSchema } from './scenarioSchema.js'

/** Validates scenario data; `source` (a file name, or `inline`) starts every error message. */
export function parseScenario(data: unknown, source: string): Scenario {
  const parsed = scenarioSchema.safeParse(data)
  if (!parsed.success) throw ScenarioError.fromZod(source, parsed.error)
  return parsed.data
}

/** A built-in scenario by name, or an inline scenario object. */
export function resolveScenario(scenario: string | ScenarioInput): Scenario {
  if (typeof scenario !== 'string') return parseScenario(scenario, 'inline scenario')
  const data = builtinScenarios[scenario]
  if (data === undefined) {
    throw new ScenarioError(`unknown scenario "${scenario}" (built in: ${Object.keys(builtinScenarios).join(', ')})`)
  }
  return parseScenario(data, `scenarios/${scenario}.json`)
}

export const builtinScenarioNames = Object.keys(builtinScenarios)
