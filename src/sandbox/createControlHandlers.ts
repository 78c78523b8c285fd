import { HttpResponse, type RequestHandler } from 'msw'
import { ControlError } from './ControlError.js'
import type { Sandbox } from './createSandbox.js'
import { http } from './http.js'
import type { JournalFilter } from './Journal.js'

export interface ControlHandlerOptions {
  /** Origin the control API answers under `__sandbox/`, e.g. `http://127.0.0.1:4010/`. */
  baseUrl: string
}

/** A control-API error: plain JSON naming the field at fault. */
export function controlError(status: number, message: string, field?: string) {
  return HttpResponse.json({ error: message, ...(field ? { field } : {}) }, { status })
}

async function readJson(request: Request): Promise<Record<string, unknown>> {
  const text = await request.text()
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

function journalFilter(url: string): JournalFilter {
  const params = new URL(url).searchParams
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

/** Runs a control operation: its result as JSON (204 when there is none), a `ControlError` as its status. */
function respond(work: (request: Request, params: Record<string, unknown>) => Promise<unknown>, status = 200) {
  return async ({ request, params }: { request: Request; params: Record<string, unknown> }) => {
    try {
      const body = await work(request, params)
      return body === undefined ? new HttpResponse(null, { status: 204 }) : HttpResponse.json(body, { status })
    } catch (error) {
      if (error instanceof ControlError) return controlError(error.status, error.message, error.field)
      throw error
    }
  }
}

/**
 * The `/__sandbox` routes of one sandbox, each a thin wrapper over `sandbox.control`: health, info,
 * reset, clock, scenario, snapshot, faults, the request journal and the inspector's overview.
 */
export function createControlHandlers(sandbox: Sandbox, options: ControlHandlerOptions): RequestHandler[] {
  const url = (path: string) => new URL(`__sandbox/${path}`, options.baseUrl).href
  const control = sandbox.control
  return [
    http.get(url('health'), () => HttpResponse.json({ status: 'ok' })),
    http.get(
      url('info'),
      respond(() => control.info()),
    ),
    http.post(
      url('reset'),
      respond(() => control.reset()),
    ),
    http.get(
      url('clock'),
      respond(() => control.clock()),
    ),
    http.post(
      url('clock/advance'),
      respond(async (request) => control.advance((await readJson(request)).by as string)),
    ),
    http.post(
      url('clock/freeze'),
      respond(() => control.freeze()),
    ),
    http.post(
      url('clock/resume'),
      respond(() => control.resume()),
    ),
    http.post(
      url('scenario'),
      respond(async (request) => control.loadScenario((await readJson(request)) as never)),
    ),
    http.get(
      url('snapshot'),
      respond(() => control.snapshot()),
    ),
    http.put(
      url('snapshot'),
      respond(async (request) => control.restore((await readJson(request)) as never)),
    ),
    http.get(
      url('faults'),
      respond(() => control.faults()),
    ),
    http.post(
      url('faults'),
      respond(async (request) => control.addFault(await readJson(request)), 201),
    ),
    http.delete(
      url('faults'),
      respond(() => control.clearFaults()),
    ),
    http.delete(
      url('faults/:id'),
      respond((_request, params) => control.removeFault(String(params.id))),
    ),
    http.get(
      url('requests'),
      respond((request) => control.requests(journalFilter(request.url))),
    ),
    http.delete(
      url('requests'),
      respond(() => control.clearRequests()),
    ),
    http.get(
      url('overview'),
      respond(() => control.overview()),
    ),
  ]
}
