import type { Fault } from '../sandbox/faults/FaultRules.js'
import type { EngineRequest } from './EngineRequest.js'
import type { EngineResponse } from './EngineResponse.js'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** One matched request, as a route's handler receives it. */
export interface RouteCall<C> {
  request: EngineRequest
  /** Path parameters by name, percent-decoded. */
  params: Readonly<Record<string, string>>
  /** The provider's context of the sandbox the request is for. */
  ctx: C
  route: Route<C>
}

/**
 * What a route says of itself: its operation id and what it answers, by status. The rest is the
 * provider's, in the form its documents take (Upvest and Addepar write OpenAPI operation objects); the
 * engine reads no more than these two.
 */
export type RouteOperation = { operationId: string; responses: Record<string, unknown> } & Record<string, unknown>

/**
 * One operation of a provider, declared once: the engine routes by `method` and `path`, the OpenAPI
 * document and the status tests read `operation`, and `handle` answers.
 */
export interface Route<C> {
  method: HttpMethod
  /** Below the provider's base URL: `/account_groups/:account_group_id`. */
  path: string
  /** What the provider's gatekeeping requires of the caller (scopes or a permission); open routes have none. */
  scopes?: readonly string[]
  operation: RouteOperation
  handle(call: RouteCall<C>): EngineResponse | Promise<EngineResponse>
}

/**
 * A provider as the engine sees it: its route table and the few things only it knows (its gatekeeping,
 * its error format). The engine never imports a provider; the composition file hands them over.
 */
export interface Provider<C> {
  name: string
  routes: readonly Route<C>[]
  /** An answer the engine makes itself (an injected fault, no such route) in the provider's error format. */
  error(request: EngineRequest, status: number, detail: string, fault?: Fault): EngineResponse
  /**
   * What a request that matches no route gets. `undefined` leaves it to the runtime: msw then applies its
   * unhandled-request strategy, the local server answers `error(404)`.
   */
  unmatched?(request: EngineRequest): EngineResponse | undefined
}
