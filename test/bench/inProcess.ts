// The in-process rows of the benchmark (docs/performance.md#in-process): a test's fetch through msw's
// `setupServer`, answered by the sandbox's handlers against a trivial msw handler that answers the same
// status, headers and body, precomputed. The difference is what the sandbox itself costs per request.
import { HttpResponse, http, type RequestHandler } from 'msw'
import { setupServer } from 'msw/node'
import { createSandbox } from '../../src/index.js'

const UPVEST = 'https://sandbox.upvest.co'
const ADDEPAR = 'https://examplefirm.addepar.com/api'
const UPVEST_CLIENT = '2f5a3c1e-8b4d-4e6f-9a7b-1c2d3e4f5a6b'
const ADDEPAR_AUTH = {
  authorization: `Basic ${Buffer.from('sandbox-admin-key:sandbox-admin-secret').toString('base64')}`,
  'addepar-firm': '123',
}
// Requests in flight at once, as a test suite's parallel fetches would have.
const IN_FLIGHT = 10

interface Case {
  name: string
  method: 'GET' | 'POST'
  url: string
  headers: Record<string, string>
  body?: () => string
}

interface Answer {
  status: number
  headers: [string, string][]
  body: string
}

/** Requests per second over `ms` milliseconds, `IN_FLIGHT` at a time; every answer must have the expected status. */
async function measure(c: Case, status: number, ms: number): Promise<number> {
  let count = 0
  const until = performance.now() + ms
  const started = performance.now()
  const worker = async () => {
    while (performance.now() < until) {
      const response = await fetch(c.url, { method: c.method, headers: c.headers, body: c.body?.() })
      await response.arrayBuffer()
      if (response.status !== status) throw new Error(`${c.name}: ${response.status}, expected ${status}`)
      count++
    }
  }
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker))
  return count / ((performance.now() - started) / 1000)
}

/** The sandbox's own answer to a case, to be served by the trivial handler. */
async function answerOf(c: Case): Promise<Answer> {
  const response = await fetch(c.url, { method: c.method, headers: c.headers, body: c.body?.() })
  return { status: response.status, headers: [...response.headers], body: await response.text() }
}

function trivialHandler(c: Case, answer: Answer): RequestHandler {
  const path = c.url.split('?')[0] as string
  const route = c.method === 'GET' ? http.get : http.post
  return route(path, () => new HttpResponse(answer.body, { status: answer.status, headers: answer.headers }))
}

export interface InProcessRow {
  name: string
  trivial: number
  sandbox: number
  /** The sandbox's cost per request over the trivial handler's, as a fraction (0.1 = 10 % more time). */
  overhead: number
}

/**
 * Runs each case against the sandbox's handlers and against a trivial handler, alternating `rounds` times
 * (one msw server is active at a time), and keeps each side's best round, so a pause of the machine in one
 * round does not decide the row.
 */
export async function inProcessRows(seconds: number, rounds = 3): Promise<InProcessRow[]> {
  const sandbox = await createSandbox({ scenario: 'default' })
  const sandboxServer = setupServer(...sandbox.handlers)
  sandboxServer.listen({ onUnhandledFrame: 'error' })
  const tokenResponse = await fetch(`${UPVEST}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'upvest-client-id': UPVEST_CLIENT },
    body: new URLSearchParams({
      client_id: UPVEST_CLIENT,
      client_secret: 'sandbox-secret-acme-full',
      grant_type: 'client_credentials',
      scope: 'accounts:read accounts:admin users:read',
    }),
  })
  const { access_token } = (await tokenResponse.json()) as { access_token: string }
  const upvest = {
    authorization: `Bearer ${access_token}`,
    'upvest-client-id': UPVEST_CLIENT,
    accept: 'application/json',
  }
  const first = async (url: string, headers: Record<string, string>) =>
    ((await (await fetch(url, { headers })).json()) as { data: { id: string }[] }).data[0]?.id as string
  const accountGroup = await first(`${UPVEST}/account_groups?limit=1`, upvest)
  const users = (
    (await (await fetch(`${UPVEST}/users?limit=1000`, { headers: upvest })).json()) as {
      data: { id: string }[]
    }
  ).data
  const group = await first(`${ADDEPAR}/v1/groups?page[limit]=1`, ADDEPAR_AUTH)
  let n = 0
  const cases: Case[] = [
    { name: 'Upvest GET by id', method: 'GET', url: `${UPVEST}/account_groups/${accountGroup}`, headers: upvest },
    { name: 'Upvest list of 100', method: 'GET', url: `${UPVEST}/account_groups?limit=100`, headers: upvest },
    { name: 'Addepar GET by id', method: 'GET', url: `${ADDEPAR}/v1/groups/${group}`, headers: ADDEPAR_AUTH },
    { name: 'Addepar page of 100', method: 'GET', url: `${ADDEPAR}/v1/groups?page[limit]=100`, headers: ADDEPAR_AUTH },
    {
      name: 'Upvest create',
      method: 'POST',
      url: `${UPVEST}/account_groups`,
      // A new idempotency key per request: each one creates.
      get headers() {
        return { ...upvest, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() }
      },
      body: () => JSON.stringify({ user_id: users[++n % users.length]?.id, type: 'LEGAL_ENTITY' }),
    },
    {
      name: 'Addepar create',
      method: 'POST',
      url: `${ADDEPAR}/v1/groups`,
      headers: { ...ADDEPAR_AUTH, 'content-type': 'application/vnd.api+json' },
      body: () =>
        JSON.stringify({
          data: {
            type: 'groups',
            attributes: { name: `Bench ${++n}` },
            relationships: { group_type: { data: { type: 'group_types', id: 'GROUPS' } } },
          },
        }),
    },
  ]
  const answers = new Map<Case, Answer>()
  for (const c of cases) answers.set(c, await answerOf(c))
  sandboxServer.close()
  const trivialServer = setupServer(...cases.map((c) => trivialHandler(c, answers.get(c) as Answer)))

  const rows: InProcessRow[] = []
  for (const c of cases) {
    const status = (answers.get(c) as Answer).status
    let trivial = 0
    let ours = 0
    for (let round = 0; round < rounds; round++) {
      trivialServer.listen({ onUnhandledFrame: 'error' })
      await measure(c, status, 300) // warm-up
      trivial = Math.max(trivial, await measure(c, status, seconds * 1000))
      trivialServer.close()
      sandboxServer.listen({ onUnhandledFrame: 'error' })
      await measure(c, status, 300)
      ours = Math.max(ours, await measure(c, status, seconds * 1000))
      sandboxServer.close()
    }
    rows.push({ name: c.name, trivial: Math.round(trivial), sandbox: Math.round(ours), overhead: trivial / ours - 1 })
  }
  return rows
}
