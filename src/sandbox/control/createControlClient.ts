import type { SandboxInfo } from '../createSandbox.js'
import type { FaultRule, FaultRuleInput } from '../faults/FaultRules.js'
import type { JournalEntry, JournalFilter } from '../journal/Journal.js'
import type { SandboxSnapshot } from '../validateSnapshot.js'
import type { ClockState, ControlApi, DriftLog, SandboxSummary, ScenarioRequest } from './ControlApi.js'
import { ControlError } from './ControlError.js'
import type { SandboxOverview } from './describeSandbox.js'

export interface ControlClientOptions {
  /** The `x-sandbox-id` to send; the server's default sandbox when absent. */
  sandboxId?: string
  /** A `fetch` to use instead of the global one. */
  fetch?: typeof fetch
  /** The server's `--control-token`, sent as `Authorization: Bearer <token>` (docs/security.md). */
  token?: string
}

/** `sandbox.control`'s operations over HTTP, plus those about the server's set of sandboxes. */
export interface ControlClient extends ControlApi {
  health(): Promise<{ status: string }>
  /** Every sandbox the server holds. */
  sandboxes(): Promise<SandboxSummary[]>
  /** Drops a sandbox (not the default one); the next request with its id starts afresh. */
  dropSandbox(id: string): Promise<void>
  /** A client for another sandbox of the same server. */
  sandbox(id: string): ControlClient
}

/**
 * A typed client of the local server's control API (`/__sandbox/...`), for test set-up from Node or a
 * browser. `baseUrl` is the server's URL, e.g. `http://127.0.0.1:4010`. Errors throw `ControlError`
 * with the server's status and message.
 */
export function createControlClient(baseUrl: string, options: ControlClientOptions = {}): ControlClient {
  const root = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`
  const fetchImpl = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init))
  const headers: Record<string, string> = {
    ...(options.sandboxId ? { 'x-sandbox-id': options.sandboxId } : {}),
    ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
  }

  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetchImpl(new URL(`__sandbox/${path}`, root), {
      method,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    if (response.status === 204) return undefined as T
    const text = await response.text()
    const parsed: unknown = text ? JSON.parse(text) : undefined
    if (!response.ok) {
      const error = (parsed ?? {}) as { error?: string; field?: string }
      throw new ControlError(
        response.status,
        error.error ?? `${method} /__sandbox/${path}: ${response.status}`,
        error.field,
      )
    }
    return parsed as T
  }

  function query(filter: JournalFilter): string {
    const params = new URLSearchParams()
    for (const [name, value] of Object.entries(filter)) if (value !== undefined) params.set(name, String(value))
    const text = params.toString()
    return text ? `requests?${text}` : 'requests'
  }

  return {
    health: () => call('GET', 'health'),
    info: () => call<SandboxInfo>('GET', 'info'),
    reset: () => call<SandboxInfo>('POST', 'reset'),
    clock: () => call<ClockState>('GET', 'clock'),
    advance: (by) => call<ClockState>('POST', 'clock/advance', { by }),
    freeze: () => call<ClockState>('POST', 'clock/freeze'),
    resume: () => call<ClockState>('POST', 'clock/resume'),
    loadScenario: (request: ScenarioRequest) => call<SandboxInfo>('POST', 'scenario', request),
    snapshot: () => call<SandboxSnapshot>('GET', 'snapshot'),
    restore: (snapshot) => call<SandboxInfo>('PUT', 'snapshot', snapshot),
    faults: () => call<FaultRule[]>('GET', 'faults'),
    addFault: (rule: FaultRuleInput) => call<FaultRule>('POST', 'faults', rule),
    removeFault: (id) => call<void>('DELETE', `faults/${encodeURIComponent(id)}`),
    clearFaults: () => call<void>('DELETE', 'faults'),
    requests: (filter = {}) => call<JournalEntry[]>('GET', query(filter)),
    clearRequests: () => call<void>('DELETE', 'requests'),
    drift: () => call<DriftLog>('GET', 'drift'),
    overview: () => call<SandboxOverview>('GET', 'overview'),
    sandboxes: () => call<SandboxSummary[]>('GET', 'sandboxes'),
    dropSandbox: (id) => call<void>('DELETE', `sandboxes/${encodeURIComponent(id)}`),
    sandbox: (id) => createControlClient(baseUrl, { ...options, sandboxId: id }),
  }
}
