// The benchmark (npm run bench): the sandbox server against a bare node:http server and a plain
// express 5 app answering the same precomputed JSON, side by side in one run, as ratios.
import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import autocannon from 'autocannon'
import { ADDEPAR_AUTH, UPVEST_CLIENT, upvestToken } from './credentials.js'
import { inProcessRows } from './inProcess.js'

const root = resolve(import.meta.dirname, '../..')
const DURATION = Number(process.env.BENCH_SECONDS ?? 7)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7)
const CONNECTIONS = 10

interface Started {
  child: ChildProcess
  port: number
  ms: number
}

function stop(server: Started): void {
  process.kill(-(server.child.pid as number), 'SIGTERM')
}

/** Spawns a server and resolves when its output shows the port; `ms` is the time to the first 200 from health. */
function spawnServer(
  args: string[],
  portPattern: RegExp,
  healthPath?: string,
  command = process.execPath,
): Promise<Started> {
  const started = performance.now()
  // Its own process group, so that stopping `npm start` also stops the server npm started.
  const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], detached: true })
  return new Promise((resolvePromise, reject) => {
    let output = ''
    child.stdout?.on('data', async (chunk: Buffer) => {
      output += chunk.toString()
      const match = portPattern.exec(output)
      if (!match?.[1]) return
      child.stdout?.removeAllListeners('data')
      child.stdout?.resume()
      const port = Number(match[1])
      if (healthPath) {
        for (;;) {
          const ok = await fetch(`http://127.0.0.1:${port}${healthPath}`).then(
            (r) => r.ok,
            () => false,
          )
          if (ok) break
        }
      }
      resolvePromise({ child, port, ms: performance.now() - started })
    })
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${output}`)))
  })
}

/** CPU time a process has used so far, in clock ticks. */
function cpuTicks(pid: number): number {
  const fields = (readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1] as string).split(' ')
  return Number(fields[11]) + Number(fields[12])
}

/**
 * Waits until the servers are idle (under 4 % of a core for half a second, 15 s at most): a server that has just
 * seeded `large` collects its garbage for a while, on the same two cores as the cases measured meanwhile.
 */
async function settle(servers: Started[]): Promise<void> {
  for (let tries = 0; tries < 30; tries++) {
    const before = servers.map((server) => cpuTicks(server.child.pid as number))
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 500))
    const busy = servers.some((server, i) => cpuTicks(server.child.pid as number) - (before[i] as number) > 2)
    if (!busy) return
  }
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]) / 1024)
}

interface Case {
  name: string
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE'
  path: string
  headers?: Record<string, string>
  /** A fresh body, headers or path per request, for writes. */
  setup?: () => { body?: string; headers: Record<string, string>; path?: string }
  onResponse?: (status: number, body: string) => void
  /** A number of requests rather than a duration: deletes, which can only delete what there is. */
  amount?: () => number
}

async function load(port: number, c: Case, duration = DURATION) {
  const amount = c.amount?.()
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    // autocannon acts on the end of a run of an amount at its next sample, one a second by default, so a
    // run of 0.4 s would count as 1 s: with a sample every 10 ms its duration is right to 10 ms.
    ...(amount === undefined ? { duration } : { amount, sampleInt: 10 }),
    requests: [
      {
        method: c.method,
        path: c.path,
        headers: c.headers ?? {},
        ...(c.setup
          ? {
              setupRequest: (request: autocannon.Request) => {
                const { body, headers, path } = (c.setup as NonNullable<Case['setup']>)()
                return { ...request, body, path: path ?? request.path, headers: { ...request.headers, ...headers } }
              },
            }
          : {}),
        ...(c.onResponse ? { onResponse: c.onResponse } : {}),
      },
    ],
  })
  const non2xx = result.non2xx
  const statuses = Object.keys(result.statusCodeStats ?? {}).join(',')
  return {
    // A run of an amount may last under a second, which a per-second average would undercount.
    rps: Math.round(amount === undefined ? result.requests.average : result.requests.total / result.duration),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx,
    statuses,
  }
}

/** A target's figures: the round of median req/s, and the req/s of each round (NaN where it had nothing left). */
type Measured = Awaited<ReturnType<typeof load>> & { rounds: number[] }

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number

/**
 * `a` against `b`: the median of the two's ratios round by round. Each round measures both within a few seconds
 * of each other, so a minute in which the shared machine is slow falls on both sides of one ratio, where a ratio
 * of the two medians could pair a fast minute with a slow one.
 */
function ratio(a: Measured, b: Measured): number {
  const paired = a.rounds.map((rps, round) => rps / (b.rounds[round] as number)).filter(Number.isFinite)
  return median(paired)
}

/**
 * Loads every target with its case side by side: a 2 s warm-up each, then `ROUNDS` rounds in which each gets
 * `DURATION / ROUNDS` seconds in turn, in reverse order every other round, so that neither side of a ratio always
 * runs first. Each target's req/s is its round of median req/s (non-2xx summed over the rounds), and the ratios
 * pair the rounds (`ratio`). A case with an `amount` (a delete of what there is) has no warm-up and gets an equal
 * share of what is left in each round.
 */
async function sideBySide(targets: { port: number; c: Case }[]): Promise<Measured[]> {
  for (const t of targets) if (!t.c.amount) await load(t.port, t.c, 2)
  // Per target, each round's figures, or null for a round in which it had nothing left.
  const rounds: (Awaited<ReturnType<typeof load>> | null)[][] = targets.map(() => [])
  for (let round = 0; round < ROUNDS; round++) {
    const order = [...targets.entries()]
    if (round % 2 === 1) order.reverse()
    for (const [i, t] of order) {
      const left = t.c.amount?.()
      const share = left === undefined ? t.c : { ...t.c, amount: () => Math.ceil(left / (ROUNDS - round)) }
      rounds[i]?.push(left === 0 ? null : await load(t.port, share, DURATION / ROUNDS))
    }
  }
  return rounds.map((all) => {
    const each = all.filter((r) => r !== null)
    const middle = [...each].sort((a, b) => a.rps - b.rps)[Math.floor(each.length / 2)] as Measured
    const statuses = [...new Set(each.flatMap((r) => r.statuses.split(',')).filter(Boolean))].join(',')
    const rps = all.map((r) => r?.rps ?? Number.NaN)
    return { ...middle, non2xx: each.reduce((sum, r) => sum + r.non2xx, 0), statuses, rounds: rps }
  })
}

async function cases(port: number): Promise<Case[]> {
  const bearer = await upvestToken(`http://127.0.0.1:${port}`)
  const upvest = { authorization: `Bearer ${bearer}`, 'upvest-client-id': UPVEST_CLIENT, accept: 'application/json' }
  const users = (await (await fetch(`http://127.0.0.1:${port}/users?limit=1000`, { headers: upvest })).json()) as {
    data: { id: string }[]
  }
  // Ids that exist in every scenario: the first of each list.
  const first = async (path: string, headers: Record<string, string>) =>
    ((await (await fetch(`http://127.0.0.1:${port}${path}`, { headers })).json()) as { data: { id: string }[] }).data[0]
      ?.id
  const accountGroup = await first('/account_groups?limit=1', upvest)
  const group = await first('/api/v1/groups?page[limit]=1', ADDEPAR_AUTH)
  let n = 0
  return [
    { name: 'Upvest GET by id', method: 'GET', path: `/account_groups/${accountGroup}`, headers: upvest },
    { name: 'Upvest list of 100', method: 'GET', path: '/account_groups?limit=100', headers: upvest },
    { name: 'Addepar GET by id', method: 'GET', path: `/api/v1/groups/${group}`, headers: ADDEPAR_AUTH },
    { name: 'Addepar page of 100', method: 'GET', path: '/api/v1/groups?page[limit]=100', headers: ADDEPAR_AUTH },
    {
      name: 'Upvest create',
      method: 'POST',
      path: '/account_groups',
      headers: upvest,
      setup: () => {
        n++
        const user = users.data[n % users.data.length]?.id
        return {
          body: JSON.stringify({ user_id: user, type: 'LEGAL_ENTITY' }),
          headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
        }
      },
    },
    {
      name: 'Addepar create',
      method: 'POST',
      path: '/api/v1/groups',
      headers: { ...ADDEPAR_AUTH, 'content-type': 'application/vnd.api+json' },
      setup: () => ({
        body: JSON.stringify({
          data: {
            type: 'groups',
            attributes: { name: `Bench ${++n}` },
            relationships: { group_type: { data: { type: 'group_types', id: 'GROUPS' } } },
          },
        }),
        headers: {},
      }),
    },
  ]
}

/**
 * The write rows (docs/performance.md#writes): a rename, a create, a delete of a group the create case made
 * (as many as it made), and an Upvest create. Each server gets its own set, for the ids it hands out.
 */
async function writeCases(port: number): Promise<Case[]> {
  const upvestCreate = (await cases(port)).find((c) => c.name === 'Upvest create') as Case
  const page = await fetch(`http://127.0.0.1:${port}/api/v1/groups?page[limit]=1`, { headers: ADDEPAR_AUTH })
  const group = ((await page.json()) as { data: { id: string }[] }).data[0]?.id as string
  const headers = { ...ADDEPAR_AUTH, 'content-type': 'application/vnd.api+json' }
  const created: string[] = []
  let n = 0
  return [
    {
      name: 'Addepar PATCH',
      method: 'PATCH',
      path: `/api/v1/groups/${group}`,
      headers,
      setup: () => ({
        body: JSON.stringify({ data: { type: 'groups', id: group, attributes: { name: `Renamed ${++n}` } } }),
        headers: {},
      }),
    },
    {
      name: 'Addepar create',
      method: 'POST',
      path: '/api/v1/groups',
      headers,
      setup: () => ({
        body: JSON.stringify({
          data: {
            type: 'groups',
            attributes: { name: `Bench ${++n}` },
            relationships: { group_type: { data: { type: 'group_types', id: 'GROUPS' } } },
          },
        }),
        headers: {},
      }),
      onResponse: (status, body) => {
        if (status === 201) created.push((JSON.parse(body) as { data: { id: string } }).data.id)
      },
    },
    {
      name: 'Addepar DELETE',
      method: 'DELETE',
      path: '/api/v1/groups',
      headers: ADDEPAR_AUTH,
      setup: () => ({ headers: {}, path: `/api/v1/groups/${created.pop()}` }),
      amount: () => created.length,
    },
    { ...upvestCreate, name: 'Upvest create' },
  ]
}

/** The sandbox's own answers, so the baselines serve exactly the same bytes. */
async function precompute(port: number, list: Case[]): Promise<string> {
  const bodies: Record<string, { status: number; type: string; body: string }> = {}
  for (const c of list) {
    const extra = c.setup?.() ?? { body: undefined, headers: {} }
    const response = await fetch(`http://127.0.0.1:${port}${c.path}`, {
      method: c.method,
      headers: { ...c.headers, ...extra.headers },
      body: extra.body,
    })
    bodies[`${c.method} ${c.path.split('?')[0]}`] = {
      status: response.status,
      type: response.headers.get('content-type') ?? 'application/json',
      body: await response.text(),
    }
  }
  const file = join(await mkdtemp(join(tmpdir(), 'bench-')), 'bodies.json')
  writeFileSync(file, JSON.stringify(bodies))
  return file
}

const cli = [join(root, 'dist/src/server/cli.js')]
const tsx = join(root, 'node_modules/tsx/dist/cli.mjs')
const portLine = /Upvest\s+http:\/\/127\.0\.0\.1:(\d+)\//
const report: Record<string, unknown> = {}

const startSandbox = (scenario: string) =>
  spawnServer([...cli, '--port', '0', '--scenario', scenario], portLine, '/__sandbox/health')
// Cold starts of `npm start` first, each alone on the machine.
const npmStart = (scenario: string) =>
  spawnServer(['start', '--', '--port', '0', '--scenario', scenario], portLine, '/__sandbox/health', 'npm')
/**
 * Three cold starts, each alone on the machine (the one before has exited): the medians of the time to the
 * first 200 from health and to the first page of 100 Addepar groups, which needs the groups' sorted index
 * (built after the server listens, docs/performance.md#method).
 */
async function coldStart(scenario: string): Promise<{ health: number; firstPage: number }> {
  const health: number[] = []
  const firstPage: number[] = []
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now()
    const started = await npmStart(scenario)
    health.push(started.ms)
    const page = await fetch(`http://127.0.0.1:${started.port}/api/v1/groups?page[limit]=100`, {
      headers: ADDEPAR_AUTH,
    })
    await page.text()
    if (page.status !== 200) throw new Error(`first page: ${page.status}`)
    firstPage.push(performance.now() - t0)
    const exited = new Promise((resolvePromise) => started.child.once('exit', resolvePromise))
    stop(started)
    await exited
  }
  return { health: Math.round(median(health)), firstPage: Math.round(median(firstPage)) }
}
const cold = { default: await coldStart('default'), large: await coldStart('large') }
report.coldStartMs = cold

const def = await startSandbox('default')
const households = await startSandbox('households')
const large = await startSandbox('large')
const loadedRss = {
  default: rssMb(def.child.pid as number),
  households: rssMb(households.child.pid as number),
  large: rssMb(large.child.pid as number),
}
const caseSets = {
  default: await cases(def.port),
  households: await cases(households.port),
  large: await cases(large.port),
}
// The baselines answer with the default sandbox's exact bytes for the same paths.
const bodiesFile = await precompute(def.port, caseSets.default)
const bare = await spawnServer([tsx, 'test/bench/baseline-server.ts', 'bare', bodiesFile], /port (\d+)/)
const plain = await spawnServer([tsx, 'test/bench/baseline-server.ts', 'express', bodiesFile], /port (\d+)/)
await settle([def, households, large])

const rows = [
  '| request | node:http req/s | express 5 req/s | sandbox `default` req/s (p50/p99 ms) | `default` / express | `households` req/s | `large` req/s (p50/p99 ms) | `large` / `default` | `large` / `households` |',
  '|---|---|---|---|---|---|---|---|---|',
]
const fmt = (r: Measured) => `${r.rps} (${r.p50}/${r.p99})${r.non2xx ? ` ${r.non2xx} non-2xx (${r.statuses})` : ''}`
for (const [i, c] of caseSets.default.entries()) {
  const [b, e, d, h, l] = (await sideBySide([
    { port: bare.port, c },
    { port: plain.port, c },
    { port: def.port, c },
    { port: households.port, c: caseSets.households[i] as Case },
    { port: large.port, c: caseSets.large[i] as Case },
  ])) as [Measured, Measured, Measured, Measured, Measured]
  report[c.name] = { bare: b, express: e, default: d, households: h, large: l, defaultOverExpress: ratio(d, e) }
  rows.push(
    `| ${c.name} | ${b.rps} | ${e.rps} | ${fmt(d)} | ${ratio(d, e).toFixed(2)}x | ${h.rps} | ${fmt(l)} | ${ratio(l, d).toFixed(2)}x | ${ratio(l, h).toFixed(2)}x |`,
  )
  console.log(rows.at(-1))
}
report.rssMb = {
  loaded: loadedRss,
  afterRun: { default: rssMb(def.child.pid as number), large: rssMb(large.child.pid as number) },
}
for (const s of [bare, plain, def]) stop(s)

// Writes with persistence off (the servers above) and on (--data-dir), side by side.
const withDataDir = async (scenario: string) => {
  const dir = await mkdtemp(join(tmpdir(), 'bench-data-'))
  return {
    dir,
    server: await spawnServer(
      [...cli, '--port', '0', '--scenario', scenario, '--data-dir', dir],
      portLine,
      '/__sandbox/health',
    ),
  }
}
const householdsOn = await withDataDir('households')
const largeOn = await withDataDir('large')
const writeServers = [households, householdsOn.server, large, largeOn.server]
await settle(writeServers)
const writeSets = await Promise.all(writeServers.map((server) => writeCases(server.port)))
const writeRows = [
  '| request | `households` off req/s (p50/p99 ms) | `households` on | on / off | `large` off | `large` on | on / off | `large` / `households` off | `large` / `households` on |',
  '|---|---|---|---|---|---|---|---|---|',
]
for (const [i, c] of (writeSets[0] as Case[]).entries()) {
  const [hOff, hOn, lOff, lOn] = (await sideBySide(
    writeServers.map((server, s) => ({ port: server.port, c: writeSets[s]?.[i] as Case })),
  )) as [Measured, Measured, Measured, Measured]
  report[`${c.name} (writes)`] = { households: { off: hOff, on: hOn }, large: { off: lOff, on: lOn } }
  const x = (a: Measured, b: Measured) => `${ratio(a, b).toFixed(2)}x`
  writeRows.push(
    `| ${c.name} | ${fmt(hOff)} | ${fmt(hOn)} | ${x(hOn, hOff)} | ${fmt(lOff)} | ${fmt(lOn)} | ${x(lOn, lOff)} | ${x(lOff, hOff)} | ${x(lOn, hOn)} |`,
  )
  console.log(writeRows.at(-1))
}
for (const s of [households, large, householdsOn.server]) stop(s)
// A clean stop compacts `large` (a snapshot of some 100 MB); then the restart from it is timed.
const compacted = new Promise((resolvePromise) => largeOn.server.child.once('exit', resolvePromise))
stop(largeOn.server)
await compacted
const restart = await spawnServer(
  [...cli, '--port', '0', '--scenario', 'large', '--data-dir', largeOn.dir],
  portLine,
  '/__sandbox/health',
)
stop(restart)
report.restartLargeFromDataDirMs = Math.round(restart.ms)

// In-process last, alone on the machine: five alternating rounds of a second, the best of each side.
const inProcess = await inProcessRows(1, 5)
report.inProcess = inProcess
const inProcessTable = [
  '| request (in-process, `setupServer`) | trivial msw handler req/s | sandbox req/s | sandbox cost over trivial |',
  '|---|---|---|---|',
  ...inProcess.map(
    (r) =>
      `| ${r.name} | ${r.trivial} | ${r.sandbox} | ${r.overhead >= 0 ? '+' : ''}${Math.round(r.overhead * 100)} % |`,
  ),
]

console.log(`\n${rows.join('\n')}`)
console.log(`\n${writeRows.join('\n')}`)
console.log(`\n${inProcessTable.join('\n')}`)
const first = report[caseSets.default[0]?.name as string] as { express: { rps: number }; bare: { rps: number } }
console.log(`\nexpress 5 / node:http on the first case: ${(first.express.rps / first.bare.rps).toFixed(2)}x`)
console.log(
  `cold start (median of 3) to the first 200 from /__sandbox/health: default ${cold.default.health} ms, large ${cold.large.health} ms; to the first page of 100 Addepar groups: default ${cold.default.firstPage} ms, large ${cold.large.firstPage} ms`,
)
console.log(`restart of large from its --data-dir snapshot to the first 200: ${restart.ms.toFixed(0)} ms`)
console.log(
  `RSS when loaded: default ${loadedRss.default} MB, households ${loadedRss.households} MB, large ${loadedRss.large} MB`,
)
writeFileSync(join(root, 'test/bench/last-run.json'), `${JSON.stringify(report, null, 2)}\n`)
