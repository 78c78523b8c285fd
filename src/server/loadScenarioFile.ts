import { readFile } from 'node:fs/promises'
import { parseScenario } from '../sandbox/scenarios/parseScenario.js'
import { ScenarioError } from '../sandbox/scenarios/ScenarioError.js'
import type { Scenario } from '../sandbox/scenarios/scenarioSchema.js'

/** Whether a `--scenario` value names a file rather than a built-in scenario. */
export function isScenarioPath(value: string): boolean {
  return value.endsWith('.json') || value.includes('/') || value.includes('\\')
}

/** Reads and validates a scenario file; every error names the file. */
export async function loadScenarioFile(path: string): Promise<Scenario> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new ScenarioError(`${path}: cannot read scenario file (${(error as NodeJS.ErrnoException).code})`)
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new ScenarioError(`${path}: not valid JSON (${(error as Error).message})`)
  }
  return parseScenario(data, path)
}
