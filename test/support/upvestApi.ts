import { expect } from 'vitest'
import defaultScenario from '../../scenarios/default.json' with { type: 'json' }
import { createSandbox, type Sandbox, type ScenarioInput } from '../../src/index.js'
import { DOCUMENTED_ACCOUNT_GROUP, FULL_CLIENT, upvestToken } from './upvest.js'

export const UPVEST = 'https://sandbox.upvest.co'
/** Where tests mount the sandbox control routes (the local server's origin). */
export const CONTROL = 'http://127.0.0.1:4010/'

export const FULL = FULL_CLIENT
export const READ_ONLY = { id: '7c9e6679-7425-40de-944b-e07fc1f90ae7', secret: 'sandbox-secret-beta-read' }
export type Client = typeof FULL

/** Users of the default scenario: Anna and Karl belong to FULL, Claire to READ_ONLY. */
export const ANNA = '413715f2-5401-4b97-8055-034a6b879f8c'
export const KARL = '83d83ec2-d2ca-49ff-bbea-b92b5c3be202'
export const CLAIRE = '9c36af78-91a0-4174-a515-fc81214e3dab'

/** Account groups of the default scenario, one per status. */
export const GROUPS = {
  documented: '9d95820d-4333-46b6-98de-04ab7512e76f', // Anna, PERSONAL, ACTIVE
  legalEntity: '1a0b6c3e-5f4d-4c2b-8a9e-0d1f2e3c4b5a', // Anna, ACTIVE
  karlPersonal: '2b1c7d4f-6a5e-4d3c-9b0f-1e2a3f4d5c6b', // ACTIVE
  karlPea: '3c2d8e5a-7b6f-4e4d-8c1a-2f3b4a5e6d7c', // PENDING_APPROVAL
  karlChild: '4d3e9f6b-8c7a-4f5e-9d2b-3a4c5b6f7e8d', // CLOSED
  clairePersonal: '5e4f0a7c-9d8b-4a6f-8e3c-4b5d6c7a8f9e', // READ_ONLY's, ACTIVE
  claireIsa: '6f5a1b8d-0e9c-4b7a-9f4d-5c6e7d8b9a0f', // READ_ONLY's, LOCKED
}

export const DOCUMENTED_GROUP = DOCUMENTED_ACCOUNT_GROUP

/** The default scenario with changed Upvest options or client fields (public keys, rate limits). */
export function defaultWith(change: {
  options?: Record<string, unknown>
  clients?: Record<string, Record<string, unknown>>
}): Promise<Sandbox> {
  const scenario = structuredClone(defaultScenario) as ScenarioInput & typeof defaultScenario
  Object.assign(scenario.upvest.options, change.options)
  for (const client of scenario.upvest.clients) Object.assign(client, change.clients?.[client.id])
  return createSandbox({ scenario })
}

/** A bearer token for `scope`, requested as Upvest clients do (a form, with the tenant header). */
export function token(scope: string, client: Client = FULL, base = UPVEST): Promise<string> {
  return upvestToken(base, scope, client)
}

export interface CallOptions {
  method?: string
  token?: string
  client?: Client
  headers?: Record<string, string>
  /** JSON-encoded unless already a string. */
  body?: unknown
  base?: string
}

/** One authenticated Upvest call with the headers a well-behaved client sends. */
export function call(path: string, options: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    'upvest-client-id': (options.client ?? FULL).id,
    ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
    ...(options.method === 'POST' ? { 'idempotency-key': crypto.randomUUID() } : {}),
    ...options.headers,
  }
  const body =
    options.body === undefined || typeof options.body === 'string' ? options.body : JSON.stringify(options.body)
  return fetch(`${options.base ?? UPVEST}${path}`, {
    method: options.method ?? 'GET',
    headers,
    body: body as string | undefined,
  })
}

/**
 * Asserts an Upvest error (docs/upvest.md#request-id, #error-body, #error-types): problem+json with all six fields, `instance` the request path,
 * `request_id` the response's `upvest-request-id`; returns the body for further checks.
 */
export async function expectProblem(response: Response, status: number, detail?: string | RegExp) {
  expect(response.status).toBe(status)
  expect(response.headers.get('content-type')).toBe('application/problem+json')
  const requestId = response.headers.get('upvest-request-id')
  expect(requestId).toMatch(UUID)
  const body = (await response.json()) as Record<string, unknown>
  expect(Object.keys(body).sort()).toEqual(['detail', 'instance', 'request_id', 'status', 'title', 'type'])
  expect(body).toMatchObject({ status, instance: new URL(response.url).pathname, request_id: requestId })
  expect(body.type).toMatch(/^https:\/\/docs\.upvest\.co\/errors\/[a-z_]+$/)
  if (detail !== undefined) expect(body.detail).toMatch(detail)
  return body
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
