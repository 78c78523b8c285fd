import { setupServer } from 'msw/node'
import { afterAll, beforeAll, beforeEach } from 'vitest'
import defaultScenario from '../../scenarios/default.json' with { type: 'json' }
import { createAddeparSandbox } from '../../src/addepar/AddeparSandbox.js'
import { AddeparError } from '../../src/addepar/jsonapi/AddeparError.js'
import { type AddeparContext, createContext } from '../../src/addepar/routes/createContext.js'
import {
  type AddeparScope,
  type AddeparUser,
  type CreateSandboxOptions,
  createSandbox,
  type Sandbox,
  type ScenarioInput,
} from '../../src/index.js'

export const ORIGIN = 'https://examplefirm.addepar.com'

const basic = (key: string, secret: string) => `Basic ${btoa(`${key}:${secret}`)}`

/** The default scenario's callers. */
export const AUTH = {
  admin: basic('sandbox-admin-key', 'sandbox-admin-secret'),
  limited: basic('sandbox-limited-key', 'sandbox-limited-secret'),
  groupsRead: 'Bearer sandbox-token-groups-read',
  groupsWrite: 'Bearer sandbox-token-groups-write',
  entities: 'Bearer sandbox-token-entities',
} as const

export interface ApiOptions {
  /** An `AUTH` value, or null to send no Authorization header. */
  auth?: string | null
  body?: unknown
  /** Extra headers; an `undefined` value drops a default header. */
  headers?: Record<string, string | undefined>
}

export interface ApiResponse {
  status: number
  headers: Headers
  // biome-ignore lint/suspicious/noExplicitAny: tests read documents loosely and compare them whole.
  body: any
}

/** Calls the Addepar API as a client does: Basic admin, the firm header and JSON:API media types by default. */
export async function api(method: string, path: string, options: ApiOptions = {}): Promise<ApiResponse> {
  const headers: Record<string, string | undefined> = {
    authorization: options.auth === undefined ? AUTH.admin : (options.auth ?? undefined),
    'addepar-firm': '123',
    accept: 'application/vnd.api+json',
    ...(options.body !== undefined && { 'content-type': 'application/vnd.api+json' }),
    ...options.headers,
  }
  const response = await fetch(`${ORIGIN}/api${path}`, {
    method,
    headers: Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== undefined)) as HeadersInit,
    body:
      options.body === undefined
        ? undefined
        : typeof options.body === 'string'
          ? options.body
          : JSON.stringify(options.body),
  })
  const text = await response.text()
  return { status: response.status, headers: response.headers, body: text === '' ? null : JSON.parse(text) }
}

/** The default scenario with changes to its Addepar part, for callers and options it does not have. */
export function defaultScenarioWith(change: (addepar: typeof defaultScenario.addepar) => void): ScenarioInput {
  const scenario = structuredClone(defaultScenario)
  change(scenario.addepar)
  return scenario as ScenarioInput
}

/**
 * One sandbox served in-process through msw for the whole file and reset before every test, so each test
 * starts from the seeded state.
 */
export function useSandbox(options: CreateSandboxOptions = {}): { readonly sandbox: Sandbox } {
  let sandbox: Sandbox | undefined
  let server: ReturnType<typeof setupServer> | undefined
  beforeAll(async () => {
    sandbox = await createSandbox(options)
    server = setupServer(...sandbox.handlers)
    server.listen({ onUnhandledFrame: 'error' })
  })
  beforeEach(async () => {
    await sandbox?.reset()
  })
  afterAll(() => server?.close())
  return {
    get sandbox() {
      return sandbox as Sandbox
    },
  }
}

/** The ids of a collection document's resources. */
export const ids = (document: { data: { id: string }[] }) => document.data.map((resource) => resource.id)

/** A domain context as the default scenario's admin (Basic, user 1), limited user (2) or a Bearer token. */
export function contextAs(sandbox: Sandbox, userId: '1' | '2', scopes: AddeparScope[] | null = null): AddeparContext {
  return createContext(createAddeparSandbox(sandbox), {
    user: sandbox.store.addeparUsers.get(userId) as AddeparUser,
    scopes,
  })
}

/** Runs `action`, expecting an AddeparError, and returns its status, detail, pointer and headers. */
export async function failure(
  action: () => unknown,
): Promise<{ status: number; detail: string; pointer?: string; headers?: Record<string, string> }> {
  try {
    await action()
  } catch (error) {
    if (!(error instanceof AddeparError)) throw error
    return {
      status: error.status,
      detail: error.message,
      pointer: error.options.pointer,
      headers: error.options.headers,
    }
  }
  throw new Error('expected an AddeparError')
}
