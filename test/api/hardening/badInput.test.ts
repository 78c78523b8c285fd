import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addeparRoutes } from '../../../src/addepar/routes/addeparRoutes.js'
import { controlRoutes } from '../../../src/control/controlRoutes.js'
import type { Route } from '../../../src/engine/Provider.js'
import { type RouteMatch, RouteTable } from '../../../src/engine/RouteTable.js'
import { createSandbox } from '../../../src/index.js'
import { seededRandom } from '../../../src/sandbox/faults/seededRandom.js'
import { upvestControlRoutes } from '../../../src/upvest/routes/upvestControlRoutes.js'
import { upvestRoutes } from '../../../src/upvest/routes/upvestRoutes.js'
import { ADMIN_HEADERS } from '../../support/addepar.js'
import { ANNA, CONTROL, FULL, GROUPS, KARL, token } from '../../support/upvestApi.js'

// Thousands of generated bad requests, in-process, across every route of the three route tables and many
// methods: malformed JSON, wrong types, huge numbers, unicode, deep nesting, missing and garbage headers,
// odd query strings. Whatever comes in: no 5xx, every error in its API's own format, and not one change to
// the state. Seeded, so a failure names a request that fails again.

const SEED = 15
const REQUESTS = 3_000
const UPVEST = 'https://sandbox.upvest.co/'
const ADDEPAR = 'https://examplefirm.addepar.com/api/'
const CONTROL_BASE = new URL('__sandbox/', CONTROL).href

type Api = 'upvest' | 'addepar' | 'control'
// biome-ignore lint/suspicious/noExplicitAny: the tables of three providers, read only for method and path
type AnyRoute = Route<any>

const TABLES: Record<Api, { base: string; routes: readonly AnyRoute[]; table: RouteTable<unknown> }> = {
  upvest: { base: UPVEST, routes: upvestRoutes, table: new RouteTable(upvestRoutes as readonly AnyRoute[]) },
  addepar: { base: ADDEPAR, routes: addeparRoutes, table: new RouteTable(addeparRoutes as readonly AnyRoute[]) },
  control: {
    base: CONTROL_BASE,
    routes: [...controlRoutes, ...upvestControlRoutes],
    table: new RouteTable([...controlRoutes, ...upvestControlRoutes] as readonly AnyRoute[]),
  },
}
const ROUTES = (Object.keys(TABLES) as Api[]).flatMap((api) => TABLES[api].routes.map((route) => ({ api, route })))

/** The control operations that read a body; the others take none. */
const CONTROL_BODIES = new Set(['POST /clock/advance', 'POST /scenario', 'PUT /snapshot', 'POST /faults'])
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS'])
// fetch itself refuses CONNECT, TRACE and TRACK; the local server's answers to them are tested over HTTP.
// HEAD is left out: its answers carry no body, which the contract check of every response takes for a
// malformed one.
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'PROPFIND', 'PURGE', 'M-SEARCH', 'get']

const next = seededRandom(SEED)
const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T
const chance = (p: number) => next() < p

/** A version-4 uuid from the seeded stream, so that every run sends the same requests. */
const uuid = () => 'xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx'.replace(/x/g, () => Math.floor(next() * 16).toString(16))
const deep = (n: number, open = '[', close = ']') => `${open.repeat(n)}${close.repeat(n)}`
const deepObject = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`

/** Values no record has and no literal segment is, as path parameters. */
const GARBAGE_IDS = [
  '0',
  '-1',
  '999999999999999999999999999999',
  '1e309',
  'x'.repeat(600),
  '00000000-0000-4000-8000-000000000000',
  '%00',
  '%E0%A4%A',
  '%2F',
  '%20',
  'ünïcødé',
  '😀',
  '%F0%9F%98%80',
  '<script>alert(1)</script>',
  "1'; DROP TABLE groups; --",
  'null',
  'undefined',
  'NaN',
  '__proto__',
  'constructor',
  'hasOwnProperty',
  '..',
  '.',
  '~',
  '*',
  ':id',
]
const VALID_IDS: Record<string, string[]> = {
  account_group_id: Object.values(GROUPS),
  user_id: [ANNA, KARL],
  id: ['5', '6', '100', '22', '501', 'GROUPS', 'HH_GROUPS', '1'],
  delivery_id: ['1'],
}

const QUERIES = [
  '?limit=-1',
  '?limit=abc',
  '?limit=1e309',
  '?limit=99999999999999999999999',
  '?offset=-5&limit=0',
  '?order=SIDEWAYS&sort=__proto__',
  '?order=ASC&order=DESC',
  '?page[limit]=0',
  '?page[limit]=-3&page[before_id]=x',
  '?page[after_id]=%E0%A4%A',
  '?fields[groups]=&fields[groups]=colour',
  '?filter[x]=1&filter[linking_status]=sometimes',
  '?filter[model_types]=&filter[linking_status]=linked',
  '?a[b][c][d]=1',
  '?__proto__[polluted]=1&constructor[prototype][polluted]=1',
  '?%ZZ=1',
  '?=',
  '?&&&=&',
  '?closure_reason=%F0%9F%98%80&notification_only=maybe',
  '?user_id=not-a-uuid&status=OPEN',
  `?q=${'x'.repeat(3_000)}`,
  '?status=9xx&method=%00&after=-1',
  '?limit=1.5',
  '?limit= 10',
]

/** Bodies no route that reads one accepts: not JSON, not an object, or nested far too deep. */
const FATAL_BODIES = [
  '{',
  '{"a":}',
  "{'single':'quotes'}",
  '{"trailing":1,}',
  'NaN',
  '\u0000',
  '[]',
  '[{"user_id":"x"}]',
  '1',
  '-0',
  '1e309',
  '"just a string"',
  'true',
  'null',
  '"\\ud800"',
  deep(5_000),
  `{"data":${deep(5_000)}}`,
  `{"user_id":${deep(5_000)},"type":"ISA"}`,
  `{"url":${deep(5_000)},"title":"x"}`,
  `{"by":${deep(5_000)}}`,
  deep(5_000, '{"a":[', ']}'),
]
/** Other bodies: wrong types, huge numbers, unicode, odd keys; a route may find some of them acceptable. */
const ODD_BODIES = [
  '',
  '{}',
  '{"user_id":12,"type":["ISA"]}',
  `{"user_id":"${ANNA}","type":"ISA","extra":true}`,
  '{"user_id":9007199254740993,"type":1e309}',
  '{"title":"😀","url":"javascript:alert(1)","type":["ALL","ALL"]}',
  '{"title":"x","url":"http://127.0.0.1:9/","config":{"delay":"-5s","max_package_size":-1}}',
  '{"enabled":"yes"}',
  '{"data":{"type":"groups","attributes":{"name":""}}}',
  '{"data":{"type":"groups","id":"5","attributes":{"name":"\\u202eevil"}}}',
  '{"data":[{"type":"entities","id":"__proto__"}]}',
  '{"data":{"type":"group_types","attributes":{"display_name":123}}}',
  '{"data":null}',
  '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
  '{"by":"-1d"}',
  '{"by":1e309}',
  '{"name":"no-such-scenario"}',
  '{"scenario":{"name":5}}',
  '{"path":"/*","status":200}',
  '{"path":"no-slash","status":503}',
  '{"status":503,"colour":"red"}',
  '{"format":"nope","store":{}}',
  `{"name":"${'x'.repeat(20_000)}"}`,
  deepObject(40),
  'client_id=x&client_secret=y&grant_type=password&scope=accounts:admin',
  'grant_type=client_credentials&scope=%00',
]

const CONTENT_TYPES = [
  'application/json',
  'application/vnd.api+json',
  'application/x-www-form-urlencoded',
  'text/plain',
  'application/json; charset=ÿ',
  'multipart/form-data; boundary=',
  ';;;',
  '',
]

type HeaderMap = Record<string, string>

/** Changes to otherwise valid headers; some are fatal, some not. */
const HEADER_CHANGES: ((headers: HeaderMap) => void)[] = [
  (h) => delete h.authorization,
  (h) => {
    h.authorization = 'Bearer not-a-token'
  },
  (h) => {
    h.authorization = `Basic ${btoa('sandbox-admin-key:wrong')}`
  },
  (h) => {
    h.authorization = 'Basic !!!not base64'
  },
  (h) => {
    h.authorization = `Bearer ${'x'.repeat(5_000)}`
  },
  (h) => delete h['upvest-client-id'],
  (h) => {
    h['upvest-client-id'] = 'ÿÿÿ'
  },
  (h) => {
    h['addepar-firm'] = '999'
  },
  (h) => {
    h['addepar-firm'] = '-1'
  },
  (h) => delete h['addepar-firm'],
  (h) => {
    h.accept = 'text/html'
  },
  (h) => {
    h.accept = 'application/json;q=0, */*'
  },
  (h) => {
    h.accept = ';;;q=banana'
  },
  (h) => {
    h['upvest-api-version'] = '2'
  },
  (h) => {
    h['idempotency-key'] = 'not-a-uuid'
  },
  (h) => {
    h['idempotency-key'] = ''
  },
  (h) => {
    h['x-sandbox-fault'] = 'status=200'
  },
  (h) => {
    h['x-sandbox-fault'] = 'latency=forever'
  },
  (h) => {
    h.prefer = 'code=200, return=minimal'
  },
  (h) => {
    h.signature = 'sig1=:AAAA:'
    h['signature-input'] = 'sig1=();created=-1'
  },
  (h) => {
    h['content-digest'] = 'sha-512=:garbage:'
  },
  (h) => {
    h['x-forwarded-host'] = 'evil.example'
  },
]

/** A change that every route of the API refuses before doing anything. */
const FATAL_GATE: Record<'upvest' | 'addepar', ((headers: HeaderMap) => void)[]> = {
  upvest: [
    (h) => {
      h.accept = 'text/html'
    },
    (h) => {
      h['upvest-api-version'] = '9'
    },
  ],
  addepar: [
    (h) => delete h.authorization,
    (h) => {
      h.authorization = `Basic ${btoa('sandbox-admin-key:wrong')}`
    },
  ],
}

interface Generated {
  api: Api
  method: string
  url: string
  headers: HeaderMap
  body: string | undefined
  /** The route that takes it, when one does. */
  target: AnyRoute | undefined
}

function validHeaders(api: Api, upvestToken: string): HeaderMap {
  if (api === 'upvest') {
    return {
      accept: 'application/json',
      authorization: `Bearer ${upvestToken}`,
      'upvest-client-id': FULL.id,
      'idempotency-key': uuid(),
      'content-type': 'application/json',
    }
  }
  if (api === 'addepar') return { ...ADMIN_HEADERS, 'content-type': 'application/vnd.api+json' }
  return { 'content-type': 'application/json' }
}

/** The route of `api` that a request to `url` reaches, with its parameters, as the msw adapter derives the path. */
function targetOf(api: Api, method: string, url: string): RouteMatch<unknown> | undefined {
  const { base, table } = TABLES[api]
  const basePath = new URL(base).pathname
  const { pathname } = new URL(url)
  if (!pathname.startsWith(basePath)) return undefined
  return table.match(method.toUpperCase(), `/${pathname.slice(basePath.length)}`)
}

const hasBody = (api: Api, route: AnyRoute) =>
  api === 'control'
    ? CONTROL_BODIES.has(`${route.method} ${route.path}`)
    : (route.operation as { requestBody?: unknown } | undefined)?.requestBody !== undefined

function generate(upvestToken: string): Generated | null {
  const { api, route } = pick(ROUTES)
  const method = chance(0.65) ? route.method : pick(METHODS)
  const garbageParams = chance(0.6)
  const path = route.path.replace(/:(\w+)/g, (_match, name: string) =>
    encodeURI(garbageParams ? pick(GARBAGE_IDS) : pick(VALID_IDS[name] ?? VALID_IDS.id ?? [])),
  )
  const url = `${TABLES[api].base}${path.slice(1)}${chance(0.5) ? pick(QUERIES) : ''}`
  const headers = validHeaders(api, upvestToken)
  for (let n = Math.floor(next() * 3); n > 0; n--) pick(HEADER_CHANGES)(headers)
  if (chance(0.3)) headers['content-type'] = pick(CONTENT_TYPES)
  const bodied = !SAFE.has(method.toUpperCase())
  let body = bodied ? (chance(0.5) ? pick(FATAL_BODIES) : pick(ODD_BODIES)) : undefined

  const match = targetOf(api, method, url)
  const target = match?.route as AnyRoute | undefined
  if (match && target && !SAFE.has(method.toUpperCase())) {
    // A change request must be refused: give it a defect every route refuses, unless it has one already.
    const fatalBody = body !== undefined && FATAL_BODIES.includes(body) && hasBody(api, target)
    const params = Object.values(match.params)
    const fatalId = params.length > 0 && params.every((value) => GARBAGE_IDS.includes(value))
    if (!fatalBody && !fatalId) {
      if (api === 'control') {
        if (!hasBody(api, target)) return null
        body = pick(FATAL_BODIES)
        headers['content-type'] = 'application/json'
      } else pick(FATAL_GATE[api])(headers)
    }
  }
  return { api, method, url, headers, body, target }
}

/** What is wrong with an error answer's format for its API, or null when it is the API's own. */
function formatProblem(api: Api, url: string, status: number, headers: Headers, text: string): string | null {
  const type = headers.get('content-type') ?? ''
  let body: Record<string, unknown>
  try {
    body = JSON.parse(text)
  } catch {
    return `not JSON: ${text.slice(0, 200)}`
  }
  const upvestFormat = api === 'upvest' || /\/__sandbox\/(upvest|webhooks)\//.test(url)
  if (upvestFormat) {
    const keys = Object.keys(body).sort().join(',')
    if (type !== 'application/problem+json') return `content-type ${type}`
    if (keys !== 'detail,instance,request_id,status,title,type') return `problem fields ${keys}`
    if (body.status !== status || body.request_id !== headers.get('upvest-request-id')) return 'problem status or id'
    return typeof body.detail === 'string' ? null : 'detail'
  }
  if (api === 'addepar') {
    const errors = body.errors as { status?: unknown; detail?: unknown }[] | undefined
    if (type !== 'application/vnd.api+json') return `content-type ${type}`
    if (!Array.isArray(errors) || errors.length === 0) return 'no errors[]'
    return errors.every((error) => error.status === String(status)) ? null : 'errors[].status'
  }
  const keys = Object.keys(body).filter((key) => key !== 'error' && key !== 'field')
  if (!type.startsWith('application/json')) return `content-type ${type}`
  return typeof body.error === 'string' && keys.length === 0 ? null : `control error ${text.slice(0, 200)}`
}

const sandbox = await createSandbox({ scenario: 'default' })
let unanswered = 0
const server = setupServer(
  ...sandbox.handlers,
  sandbox.controlHandler(CONTROL),
  // What no route takes is left to msw in-process (docs/architecture.md); here it becomes a network error.
  http.all('*', () => {
    unanswered++
    return HttpResponse.error()
  }),
)
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterAll(() => server.close())

describe(`${REQUESTS} generated bad requests (seed ${SEED}) in-process`, () => {
  it('answer none with a 5xx, every error in its API’s format, and change nothing', async () => {
    const upvestToken = await token('accounts:read accounts:admin users:read users:admin webhooks:read webhooks:admin')
    const hook = await fetch(`${UPVEST}webhooks`, {
      method: 'POST',
      headers: { ...validHeaders('upvest', upvestToken) },
      body: JSON.stringify({ title: 'bad input', url: 'http://127.0.0.1:9/' }),
    })
    VALID_IDS.webhook_id = [(await hook.json()).id]
    const before = sandbox.exportState()

    const failures: string[] = []
    const statuses = new Map<number, number>()
    let sent = 0
    while (sent < REQUESTS) {
      const request = generate(upvestToken)
      if (!request) continue
      sent++
      const label = `#${sent} ${request.method} ${request.url.slice(0, 160)} ${JSON.stringify(request.headers).slice(0, 200)} body ${JSON.stringify(request.body?.slice(0, 80))}`
      let response: Response
      try {
        response = await fetch(request.url, {
          method: request.method,
          headers: request.headers,
          body: SAFE.has(request.method.toUpperCase()) ? undefined : request.body,
        })
      } catch (error) {
        // Only a request no route takes goes unanswered, and only by msw's strategy.
        if (request.target) failures.push(`${label}: no answer (${(error as Error).message})`)
        continue
      }
      const text = await response.text()
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1)
      if (response.status >= 500) failures.push(`${label}: ${response.status} ${text.slice(0, 300)}`)
      else if (response.status >= 400 && request.method.toUpperCase() !== 'HEAD') {
        const wrong = formatProblem(request.api, request.url, response.status, response.headers, text)
        if (wrong) failures.push(`${label}: ${response.status} ${wrong}`)
      } else if (response.status < 300 && !SAFE.has(request.method.toUpperCase()) && request.target) {
        const route = `${request.target.method} ${request.target.path}`
        if (!['POST /v1/groups/query'].includes(route)) failures.push(`${label}: ${response.status} changed something`)
      }
    }
    expect(failures.slice(0, 20)).toEqual([])
    expect(sandbox.exportState()).toEqual(before)
    // The mix is as intended: mostly refusals, some reads that succeed, some requests no route takes.
    const refused = [...statuses].filter(([status]) => status >= 400).reduce((sum, [, count]) => sum + count, 0)
    expect(refused).toBeGreaterThan(REQUESTS / 2)
    expect(statuses.get(200) ?? 0).toBeGreaterThan(20)
    expect(unanswered).toBeGreaterThan(0)
  }, 60_000)
})
