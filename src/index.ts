export { addeparOpenApi } from './addepar/openapi/openapi.js'
export type {
  EntityResource,
  ErrorDocument,
  GroupResource,
  GroupTypeResource,
  JsonApiErrorObject,
} from './addepar/resources/resources.js'
export type { DriftFinding } from './contract/driftFinding.js'
export type { OpenApiDocument, OpenApiOptions } from './contract/types.js'
export type { ClockState, ControlApi, DriftLog, SandboxSummary, ScenarioRequest } from './sandbox/control/ControlApi.js'
export { ControlError } from './sandbox/control/ControlError.js'
export {
  type ControlClient,
  type ControlClientOptions,
  createControlClient,
} from './sandbox/control/createControlClient.js'
export type { GroupNode, SandboxOverview } from './sandbox/control/describeSandbox.js'
export type { SandboxControl } from './sandbox/control/SandboxControl.js'
export {
  type BaseUrls,
  type CreateSandboxOptions,
  createSandbox,
  DEFAULT_BASE_URLS,
  Sandbox,
  type SandboxClock,
  type SandboxInfo,
} from './sandbox/createSandbox.js'
export type { FaultRule, FaultRuleInput } from './sandbox/faults/FaultRules.js'
export type { BodyExcerpt, JournalEntry, JournalFilter } from './sandbox/journal/Journal.js'
export { builtinScenarioNames, parseScenario } from './sandbox/scenarios/parseScenario.js'
export { ScenarioError } from './sandbox/scenarios/ScenarioError.js'
export type { Scenario, ScenarioInput } from './sandbox/scenarios/scenarioSchema.js'
export type { SandboxSnapshot } from './sandbox/validateSnapshot.js'
export type { Store, StoreSnapshot } from './store/createStore.js'
export * from './store/schemas.js'
export { upvestOpenApi } from './upvest/openapi/openapi.js'
export type {
  ProblemDetails,
  TokenResponse,
  User,
  VerificationKeys,
  Webhook,
  WebhookType,
} from './upvest/resources.js'
