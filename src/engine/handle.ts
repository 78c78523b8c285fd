import { decideFault } from '../sandbox/faults/decideFault.js'
import type { FaultRules } from '../sandbox/faults/FaultRules.js'
import type { Journal } from '../sandbox/journal/Journal.js'
import type { EngineRequest } from './EngineRequest.js'
import type { EngineResponse } from './EngineResponse.js'
import type { Provider } from './Provider.js'
import { RouteTable } from './RouteTable.js'

/** The connection is to be dropped without an answer (a `reset` fault). */
export const DROPPED = Symbol('dropped')

/** What one request comes to: an answer, a dropped connection, or nothing (no route, left to the runtime). */
export type Outcome = EngineResponse | typeof DROPPED | undefined

/** A provider with its compiled routes and its context in one sandbox. */
export interface Target<C> {
  provider: Provider<C>
  table: RouteTable<C>
  ctx: C
  /**
   * Whether faults and the journal apply: they do to the provider APIs a client integrates with, not to
   * the control API that drives the sandbox.
   */
  observed: boolean
}

/** What the pipeline needs of the sandbox around a mount. */
export interface Surroundings {
  /** The sandbox's name in the journal: its `x-sandbox-id`, or `in-process`. */
  id: string
  faults: FaultRules
  journal: Journal
  /** The sandbox clock, ms. */
  now(): number
  /**
   * `not-found` answers a request no route takes with the provider's 404 (the local server); by default it
   * is left unanswered, for msw's unhandled-request strategy or the next mount.
   */
  unmatched?: 'not-found'
}

/** A provider mounted in one sandbox, whatever its context's type: what a sandbox keeps per API. */
export interface Mount {
  readonly name: string
  answer(request: EngineRequest, around: Surroundings): Promise<Outcome>
  /** An error of the adapter's own (a body too large) in the provider's format. */
  error(request: EngineRequest, status: number, detail: string): EngineResponse
}

/** Mounts a provider with its context in one sandbox. */
export function mount<C>(provider: Provider<C>, ctx: C, observed: boolean): Mount {
  const target: Target<C> = { provider, table: new RouteTable(provider.routes), ctx, observed }
  return {
    name: provider.name,
    answer: (request, around) => handle(target, request, around),
    error: (request, status, detail) => provider.error(request, status, detail),
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * The one request pipeline of every runtime: route, faults, the provider's gatekeeping and handler, errors
 * in the provider's format, journal. Plain values in and out; the adapters only translate.
 */
export async function handle<C>(target: Target<C>, request: EngineRequest, around: Surroundings): Promise<Outcome> {
  const startedAt = Date.now()
  const started = performance.now()
  const { provider } = target
  let outcome: Outcome
  let faultSource: string | undefined
  try {
    const fault = target.observed ? injectedFault(target, request, around) : null
    if (fault) {
      faultSource = describe(fault)
      if (fault.latencyMs) await sleep(fault.latencyMs)
    }
    if (fault?.reset) outcome = DROPPED
    else if (fault?.status !== undefined) {
      outcome = provider.error(request, fault.status, `Injected by the sandbox (${fault.source})`, fault)
    } else {
      const match = target.table.match(request.method, request.path)
      outcome = match
        ? await match.route.handle({ request, params: match.params, ctx: target.ctx, route: match.route })
        : (provider.unmatched?.(request) ??
          (around.unmatched === 'not-found'
            ? provider.error(request, 404, `No route for ${request.method} ${request.pathname}`)
            : undefined))
    }
  } catch (error) {
    if (error instanceof FaultHeaderError) {
      faultSource = error.message
      outcome = provider.error(request, 400, error.message)
    } else {
      // Providers answer their own failures; this is the last line, so the server never crashes or hangs.
      console.error(error)
      outcome = provider.error(request, 500, 'Internal error')
    }
  }
  if (target.observed && outcome !== undefined) {
    const answer = outcome === DROPPED ? null : outcome
    around.journal.record({
      sandbox: around.id,
      api: provider.name as 'upvest' | 'addepar',
      method: request.method,
      url: request.pathname + request.search,
      status: answer ? answer.status : 0,
      startedAt,
      durationMs: performance.now() - started,
      clock: around.now(),
      requestHeaders: request.headers.raw as Record<string, string>,
      requestBody: request.body,
      responseHeaders: answer ? answer.headers : null,
      responseBody: answer ? answer.body : null,
      fault: faultSource,
    })
  }
  return outcome
}

/** A malformed `x-sandbox-fault` header: a 400 in the provider's format. */
class FaultHeaderError extends Error {}

function injectedFault<C>(target: Target<C>, request: EngineRequest, around: Surroundings) {
  try {
    return decideFault(
      around.faults,
      target.provider.name as 'upvest' | 'addepar',
      request.method,
      request.path,
      (name) => request.headers.get(name),
    )
  } catch (error) {
    throw new FaultHeaderError((error as Error).message)
  }
}

function describe(fault: NonNullable<ReturnType<typeof decideFault>>): string {
  return [
    fault.latencyMs ? `latency=${fault.latencyMs}ms` : '',
    fault.status ? `status=${fault.status}` : '',
    fault.reset ? 'reset' : '',
  ]
    .filter(Boolean)
    .join(', ')
    .concat(` (${fault.source})`)
}
