export { createAddeparHandlers } from './addepar/createAddeparHandlers.js'
export {
  type BaseUrls,
  type CreateSandboxOptions,
  createSandbox,
  DEFAULT_BASE_URLS,
  Sandbox,
  type SandboxClock,
  type SandboxInfo,
} from './sandbox/createSandbox.js'
export { builtinScenarioNames, parseScenario } from './sandbox/parseScenario.js'
export { ScenarioError } from './sandbox/ScenarioError.js'
export type { Scenario, ScenarioInput } from './sandbox/scenarioSchema.js'
export type { Store, StoreSnapshot } from './store/createStore.js'
export * from './store/schemas.js'
export { createUpvestHandlers } from './upvest/createUpvestHandlers.js'
