import type { EngineRequest } from '../engine/EngineRequest.js'
import { type EngineResponse, emptyResponse, jsonResponse } from '../engine/EngineResponse.js'
import type { HttpMethod, Route } from '../engine/Provider.js'
import type { ControlApi } from '../sandbox/control/ControlApi.js'
import { ControlError } from '../sandbox/control/ControlError.js'
import type { JournalFilter } from '../sandbox/journal/Journal.js'
import { controlError } from './controlError.js'

function readJson(request: EngineRequest): Record<string, unknown> {
  const text = request.text()
  if (text.trim() === '') return {}
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw new ControlError(400, 'request body is not valid JSON')
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ControlError(400, 'request body must be a JSON object')
  }
  return body as Record<string, unknown>
}

function integerParam(params: URLSearchParams, name: string): number | undefined {
  const value = params.get(name)
  if (value === null) return undefined
  if (!/^\d+$/.test(value)) throw new ControlError(400, `${name}: a non-negative integer`, name)
  return Number(value)
}

function journalFilter(params: URLSearchParams): JournalFilter {
  const status = params.get('status')
  if (status !== null && !/^([1-5]\d\d|[1-5]xx|0)$/i.test(status)) {
    throw new ControlError(400, 'status: a status such as 404, a class such as 4xx, or 0', 'status')
  }
  return {
    method: params.get('method') ?? undefined,
    path: params.get('path') ?? undefined,
    status: status ?? undefined,
    limit: integerParam(params, 'limit'),
    after: integerParam(params, 'after'),
  }
}

type Work = (control: ControlApi, request: EngineRequest, params: Readonly<Record<string, string>>) => unknown

/** A result: a JSON object or array (docs/control-api.md#routes describes each). */
const RESULT = { 'application/json': { schema: { type: ['object', 'array'] } } }
/** An error's body, `{ error, field? }` (./controlError.ts), as the control document's `ControlError`. */
const ERROR = { 'application/json': { schema: { $ref: '#/components/schemas/ControlError' } } }

/** Every status the control API answers, as OpenAPI responses (the control document, controlOpenApi.ts). */
const ANSWERS = {
  200: { description: 'The result, as JSON.', content: RESULT },
  201: { description: 'Created: the new item, as JSON.', content: RESULT },
  204: { description: 'Done; no body.' },
  400: { description: 'A malformed body or parameter; `field` names it when it can.', content: ERROR },
  404: { description: 'No such item.', content: ERROR },
  500: { description: 'An unexpected failure (the engine’s last line, src/engine/handle.ts).', content: ERROR },
}
type Status = keyof typeof ANSWERS

/**
 * A control operation: its result as JSON under its one success status, no result as a 204, a
 * `ControlError` as its status. The first status listed is the success status; 500 is added to every one.
 */
function operation(
  method: HttpMethod,
  path: string,
  operationId: string,
  summary: string,
  statuses: [Status, ...Status[]],
  work: Work,
): Route<ControlApi> {
  const [success] = statuses
  return {
    method,
    path,
    operation: {
      operationId,
      summary,
      // Any route may fail unexpectedly: the engine then answers a 500 in the control API's format.
      responses: Object.fromEntries([...statuses, 500 as const].map((status) => [String(status), ANSWERS[status]])),
    },
    async handle({ request, params, ctx }): Promise<EngineResponse> {
      try {
        const body = await work(ctx, request, params)
        return body === undefined ? emptyResponse(204) : jsonResponse(success, body)
      } catch (error) {
        if (error instanceof ControlError) return controlError(error.status, error.message, error.field)
        throw error
      }
    },
  }
}

/**
 * The control API of one sandbox under `/__sandbox`, each operation a thin wrapper over `sandbox.control`:
 * health, info, reset, clock, scenario, snapshot, faults, the request journal and the inspector's overview.
 */
export const controlRoutes: readonly Route<ControlApi>[] = [
  operation('GET', '/health', 'health', 'Whether the sandbox answers', [200], () => ({ status: 'ok' })),
  operation('GET', '/info', 'info', 'Scenario, seed, clock and credentials', [200], (control) => control.info()),
  operation('POST', '/reset', 'reset', 'Back to the scenario’s initial state', [200], (control) => control.reset()),
  operation('GET', '/clock', 'get_clock', 'The sandbox’s time and clock mode', [200], (control) => control.clock()),
  operation('POST', '/clock/advance', 'advance_clock', 'Move the clock forward', [200, 400], (control, request) =>
    control.advance(readJson(request).by as string),
  ),
  operation('POST', '/clock/freeze', 'freeze_clock', 'Stop the clock', [200], (control) => control.freeze()),
  operation('POST', '/clock/resume', 'resume_clock', 'Let the clock run again', [200], (control) => control.resume()),
  operation('POST', '/scenario', 'load_scenario', 'Load another scenario', [200, 400], (control, request) =>
    control.loadScenario(readJson(request) as never),
  ),
  operation('GET', '/snapshot', 'get_snapshot', 'The whole state, to restore later', [200], (control) =>
    control.snapshot(),
  ),
  operation('PUT', '/snapshot', 'restore_snapshot', 'Restore a snapshot', [200, 400], (control, request) =>
    control.restore(readJson(request) as never),
  ),
  operation('GET', '/faults', 'list_faults', 'The fault rules', [200], (control) => control.faults()),
  operation('POST', '/faults', 'add_fault', 'Add a fault rule', [201, 400], (control, request) =>
    control.addFault(readJson(request)),
  ),
  operation('DELETE', '/faults', 'clear_faults', 'Remove every fault rule', [204], (control) => control.clearFaults()),
  operation('DELETE', '/faults/:id', 'remove_fault', 'Remove one fault rule', [204, 404], (control, _request, params) =>
    control.removeFault(String(params.id)),
  ),
  operation('GET', '/requests', 'list_requests', 'The request journal', [200, 400], (control, request) =>
    control.requests(journalFilter(request.query)),
  ),
  operation('DELETE', '/requests', 'clear_requests', 'Empty the request journal', [204], (control) =>
    control.clearRequests(),
  ),
  operation('GET', '/overview', 'overview', 'What the inspector shows', [200], (control) => control.overview()),
  operation('GET', '/drift', 'list_drift', 'How the real providers’ answers differ (proxy mode)', [200], (control) =>
    control.drift(),
  ),
]
