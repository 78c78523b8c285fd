import type { EngineRequest } from '../engine/EngineRequest.js'
import { type EngineResponse, emptyResponse, jsonResponse } from '../engine/EngineResponse.js'
import type { HttpMethod, Route } from '../engine/Provider.js'
import type { ControlApi } from '../sandbox/ControlApi.js'
import { ControlError } from '../sandbox/ControlError.js'
import type { JournalFilter } from '../sandbox/Journal.js'
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

/** A control operation: its result as JSON (204 when there is none), a `ControlError` as its status. */
function operation(method: HttpMethod, path: string, operationId: string, work: Work, status = 200): Route<ControlApi> {
  return {
    method,
    path,
    operationId,
    async handle({ request, params, ctx }): Promise<EngineResponse> {
      try {
        const body = await work(ctx, request, params)
        return body === undefined ? emptyResponse(204) : jsonResponse(status, body)
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
  operation('GET', '/health', 'health', () => ({ status: 'ok' })),
  operation('GET', '/info', 'info', (control) => control.info()),
  operation('POST', '/reset', 'reset', (control) => control.reset()),
  operation('GET', '/clock', 'get_clock', (control) => control.clock()),
  operation('POST', '/clock/advance', 'advance_clock', (control, request) =>
    control.advance(readJson(request).by as string),
  ),
  operation('POST', '/clock/freeze', 'freeze_clock', (control) => control.freeze()),
  operation('POST', '/clock/resume', 'resume_clock', (control) => control.resume()),
  operation('POST', '/scenario', 'load_scenario', (control, request) =>
    control.loadScenario(readJson(request) as never),
  ),
  operation('GET', '/snapshot', 'get_snapshot', (control) => control.snapshot()),
  operation('PUT', '/snapshot', 'restore_snapshot', (control, request) => control.restore(readJson(request) as never)),
  operation('GET', '/faults', 'list_faults', (control) => control.faults()),
  operation('POST', '/faults', 'add_fault', (control, request) => control.addFault(readJson(request)), 201),
  operation('DELETE', '/faults', 'clear_faults', (control) => control.clearFaults()),
  operation('DELETE', '/faults/:id', 'remove_fault', (control, _request, params) =>
    control.removeFault(String(params.id)),
  ),
  operation('GET', '/requests', 'list_requests', (control, request) => control.requests(journalFilter(request.query))),
  operation('DELETE', '/requests', 'clear_requests', (control) => control.clearRequests()),
  operation('GET', '/overview', 'overview', (control) => control.overview()),
]
