// The in-process rows of the benchmark (docs/performance.md#in-process): a test's fetch through msw's
// `setupServer`, answered by the sandbox's handlers against a trivial msw handler that answers the same
// status, headers and body, precomputed. The difference is what the sandbox itself costs per request.
import { HttpResponse, http, type RequestHandler } from 'msw'
import { setupServer } from 'msw/node'
import { createSandbox } from '../../src/index.js'
import { ADDEPAR_AUTH, UPVEST_CLIENT, upvestToken } from './credentials.js'

const UPVEST = 'https://sandbox.upvest.co'
const ADDEPAR = 'https://examplefirm.addepar.com/api'
// The trivial handlers answer the sandbox's own URLs marked with this query parameter, so that both sides of a
// pair go to the same origin (a connection per request, its cost depending on the host name).
const TRIVIAL = '__trivial'

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

/** One request's time, ms; the answer must have the expected status. */
async function timed(url: string, c: Case, status: number): Promise<number> {
  const started = performance.now()
  const response = await fetch(url, { method: c.method, headers: c.headers, body: c.body?.() })
  await response.arrayBuffer()
  const ms = performance.now() - started
  if (response.status !== status) throw new Error(`${c.name}: ${response.status}, expected ${status}`)
  return ms
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number

/**
 * Pairs of requests for `ms` milliseconds, one after the other: the trivial handler's, then the sandbox's.
 * The trivial handler stays first in the server's list for the whole case, so msw looks at it first for both
 * requests (the sandbox's request pays for one more predicate, not the trivial one for a change of handlers).
 * A pause of the machine (a collection, another process) falls on both sides alike, and the medians
 * leave the outliers out.
 */
async function measure(c: Case, status: number, ms: number): Promise<{ trivial: number; sandbox: number }> {
  const trivial: number[] = []
  const sandbox: number[] = []
  const until = performance.now() + ms
  while (performance.now() < until) {
    trivial.push(await timed(trivialUrl(c), c, status))
    sandbox.push(await timed(c.url, c, status))
  }
  return { trivial: median(trivial), sandbox: median(sandbox) }
}

const trivialUrl = (c: Case) => `${c.url}${c.url.includes('?') ? '&' : '?'}${TRIVIAL}`

/** The sandbox's own answer to a case, to be served by the trivial handler. */
async function answerOf(c: Case): Promise<Answer> {
  const response = await fetch(c.url, { method: c.method, headers: c.headers, body: c.body?.() })
  return { status: response.status, headers: [...response.headers], body: await response.text() }
}

function trivialHandler(c: Case, answer: Answer): RequestHandler {
  const url = trivialUrl(c)
  const route = c.method === 'GET' ? http.get : http.post
  // Matched by a predicate, as the sandbox's handlers are: a path pattern costs msw more than that (it compiles
  // it per request), which would make the trivial handler the slower of the two. A create reads its body, as
  // any handler that creates must; a read answers at once.
  return route(
    ({ request }) => request.url === url,
    async ({ request }) => {
      if (c.method === 'POST') await request.json()
      return new HttpResponse(answer.body, { status: answer.status, headers: answer.headers })
    },
  )
}

export interface InProcessRow {
  name: string
  trivial: number
  sandbox: number
  /** The sandbox's cost per request over the trivial handler's, as a fraction (0.1 = 10 % more time), by the medians. */
  overhead: number
}

/**
 * Runs each case against the sandbox's handlers and a trivial handler in one msw server, request by request
 * in pairs (`measure`),
 * over `rounds` rounds of `seconds`; each side's figure is the median of its rounds' medians.
 */
export async function inProcessRows(seconds: number, rounds = 3): Promise<InProcessRow[]> {
  const sandbox = await createSandbox({ scenario: 'default' })
  const sandboxServer = setupServer(...sandbox.handlers)
  sandboxServer.listen({ onUnhandledFrame: 'error' })
  const access_token = await upvestToken(UPVEST)
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

  const rows: InProcessRow[] = []
  for (const c of cases) {
    const answer = answers.get(c) as Answer
    sandboxServer.use(trivialHandler(c, answer))
    await measure(c, answer.status, 300) // warm-up
    const perRound = []
    for (let round = 0; round < rounds; round++) perRound.push(await measure(c, answer.status, seconds * 1000))
    sandboxServer.resetHandlers()
    const theirs = median(perRound.map((r) => r.trivial))
    const ours = median(perRound.map((r) => r.sandbox))
    rows.push({
      name: c.name,
      trivial: Math.round(1000 / theirs),
      sandbox: Math.round(1000 / ours),
      overhead: ours / theirs - 1,
    })
  }
  sandboxServer.close()
  return rows
}
