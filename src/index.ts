export { addeparOpenApi } from './addepar/openapi.js'
export type {
  EntityResource,
  ErrorDocument,
  GroupResource,
  GroupTypeResource,
  JsonApiErrorObject,
} from './addepar/resources.js'
export type { OpenApiDocument, OpenApiOptions } from './contract/types.js'
export type { ClockState, ControlApi, SandboxSummary, ScenarioRequest } from './sandbox/ControlApi.js'
export { ControlError } from './sandbox/ControlError.js'
export { type ControlClient, type ControlClientOptions, createControlClient } from './sandbox/createControlClient.js'
export {
  type BaseUrls,
  type CreateSandboxOptions,
  createSandbox,
  DEFAULT_BASE_URLS,
  Sandbox,
  type SandboxClock,
  type SandboxInfo,
} from './sandbox/createSandbox.js'
export type { GroupNode, SandboxOverview } from './sandbox/describeSandbox.js'
export type { FaultRule, FaultRuleInput } from './sandbox/FaultRules.js'
export type { BodyExcerpt, JournalEntry, JournalFilter } from './sandbox/Journal.js'
export { builtinScenarioNames, parseScenario } from './sandbox/parseScenario.js'
export type { SandboxControl } from './sandbox/SandboxControl.js'
export { ScenarioError } from './sandbox/ScenarioError.js'
export type { Scenario, ScenarioInput } from './sandbox/scenarioSchema.js'
export type { SandboxSnapshot } from './sandbox/validateSnapshot.js'
export type { Store, StoreSnapshot } from './store/createStore.js'
export * from './store/schemas.js'
export { upvestOpenApi } from './upvest/openapi.js'
export type {
  ProblemDetails,
  TokenResponse,
  User,
  VerificationKeys,
  Webhook,
  WebhookType,
} from './upvest/resources.js'
