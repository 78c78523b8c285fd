import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { addepar } from '../../support/controlCalls.js'
import { FULL_CLIENT } from '../../support/upvest.js'

// kill -9 at random points of a write burst, then a restart that must hold every acknowledged write
// (docs/persistence.md#durability). KILL_CYCLES=200 runs the bar by hand; the suite runs 20.
const CYCLES = Number(process.env.KILL_CYCLES ?? 20)
const CLI = resolve(import.meta.dirname, '../../../dist/src/server/cli.js')
const IDS = ['default', 'Suite B'] as const
const WORKERS_PER_ID = 4
const KARL = '83d83ec2-d2ca-49ff-bbea-b92b5c3be202'

interface Server {
  child: ChildProcess
  url: string
  output: () => string
}

const children: ChildProcess[] = []
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL')
})

function start(dir: string): Promise<Server> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: npm run build first`)
  // A small bound, so that compactions run (and get killed) in every cycle.
  const child = spawn(process.execPath, [CLI, '--port', '0', '--data-dir', dir, '--compact-after', '4096'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  let output = ''
  return new Promise((resolvePromise, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /Upvest\s+(http:\/\/127\.0\.0\.1:\d+)\//.exec(output)
      if (match?.[1]) resolvePromise({ child, url: match[1], output: () => output })
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}: ${output}`)))
  })
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode)
  return new Promise((resolvePromise) => child.once('exit', (code) => resolvePromise(code)))
}

/** What the client knows of one Addepar group it created: the last name acknowledged, and one sent but not answered. */
interface Group {
  name: string
  pending?: string
  deleted: boolean
  deleting: boolean
}

/** Every write a 2xx acknowledged, per sandbox id, and what was sent without an answer. */
class Acknowledged {
  readonly groups = new Map<string, Group>()
  readonly accountGroups = new Set<string>()
  clock = 0
  count = 0
}

async function token(url: string, id: string): Promise<string> {
  const response = await fetch(`${url}/auth/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'upvest-client-id': FULL_CLIENT.id,
      'x-sandbox-id': id,
    },
    body: new URLSearchParams({
      client_id: FULL_CLIENT.id,
      client_secret: FULL_CLIENT.secret,
      grant_type: 'client_credentials',
      scope: 'accounts:admin',
    }),
  })
  expect(response.status).toBe(200)
  return ((await response.json()) as { access_token: string }).access_token
}

/** One client writing until the server dies: creates, renames and deletes its own groups, creates account groups. */
async function worker(url: string, id: string, bearer: string, acked: Acknowledged, tag: string): Promise<void> {
  const mine: string[] = []
  for (let n = 0; ; n++) {
    try {
      const roll = Math.random()
      const live = mine.filter((groupId) => !acked.groups.get(groupId)?.deleted)
      if (roll < 0.35 || live.length === 0) {
        const name = `${tag}-${n}`
        const response = await fetch(`${url}/api/v1/groups`, {
          method: 'POST',
          headers: addepar(id),
          body: JSON.stringify({
            data: {
              type: 'groups',
              attributes: { name },
              relationships: { group_type: { data: { type: 'group_types', id: 'GROUPS' } } },
            },
          }),
        })
        const body = (await response.json()) as { data: { id: string } }
        expect(response.status).toBe(201)
        acked.groups.set(body.data.id, { name, deleted: false, deleting: false })
        mine.push(body.data.id)
      } else if (roll < 0.7) {
        const groupId = live[Math.floor(Math.random() * live.length)] as string
        const group = acked.groups.get(groupId) as Group
        const name = `${tag}-${n}-renamed`
        group.pending = name
        const response = await fetch(`${url}/api/v1/groups/${groupId}`, {
          method: 'PATCH',
          headers: addepar(id),
          body: JSON.stringify({ data: { type: 'groups', id: groupId, attributes: { name } } }),
        })
        await response.arrayBuffer()
        expect(response.status).toBe(200)
        group.name = name
        group.pending = undefined
      } else if (roll < 0.85) {
        const groupId = live[Math.floor(Math.random() * live.length)] as string
        const group = acked.groups.get(groupId) as Group
        group.deleting = true
        const response = await fetch(`${url}/api/v1/groups/${groupId}`, { method: 'DELETE', headers: addepar(id) })
        expect(response.status).toBe(204)
        group.deleted = true
      } else if (roll < 0.98) {
        const response = await fetch(`${url}/account_groups`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${bearer}`,
            'upvest-client-id': FULL_CLIENT.id,
            'content-type': 'application/json',
            'idempotency-key': crypto.randomUUID(),
            'x-sandbox-id': id,
          },
          body: JSON.stringify({ user_id: KARL, type: 'LEGAL_ENTITY' }),
        })
        const body = (await response.json()) as { id: string }
        expect(response.status).toBe(200)
        acked.accountGroups.add(body.id)
      } else {
        const response = await fetch(`${url}/__sandbox/clock/advance`, {
          method: 'POST',
          headers: { 'x-sandbox-id': id },
          body: JSON.stringify({ by: '1s' }), // tokens expire on the sandbox clock: no big jumps
        })
        const body = (await response.json()) as { now: string }
        expect(response.status).toBe(200)
        acked.clock = Math.max(acked.clock, Date.parse(body.now))
      }
      acked.count++
    } catch (error) {
      if ((error as Error).name === 'AssertionError') throw error
      return // the server is gone
    }
  }
}

/** Every acknowledged write of `acked` is in the sandbox; what was sent without an answer may or may not be. */
async function verify(url: string, id: string, acked: Acknowledged): Promise<void> {
  const response = await fetch(`${url}/__sandbox/snapshot`, { headers: { 'x-sandbox-id': id } })
  expect(response.status).toBe(200)
  const snapshot = (await response.json()) as {
    clock: string
    store: { tables: { addeparGroups: { id: string; name: string }[]; upvestAccountGroups: { id: string }[] } }
  }
  const groups = new Map(snapshot.store.tables.addeparGroups.map((group) => [group.id, group.name]))
  for (const [groupId, group] of acked.groups) {
    const name = groups.get(groupId)
    if (group.deleted) expect(name, `group ${groupId} of ${id}, deleted`).toBeUndefined()
    else if (name === undefined) expect(group.deleting, `group ${groupId} of ${id} is missing`).toBe(true)
    else expect([group.name, group.pending], `group ${groupId} of ${id}`).toContain(name)
    // From here on, what is on disk is what the client goes by.
    if (name === undefined) group.deleted = true
    else group.name = name
    group.pending = undefined
    group.deleting = false
  }
  const accountGroups = new Set(snapshot.store.tables.upvestAccountGroups.map((group) => group.id))
  for (const accountGroup of acked.accountGroups) {
    expect(accountGroups.has(accountGroup), `account group ${accountGroup} of ${id}`).toBe(true)
  }
  expect(Date.parse(snapshot.clock)).toBeGreaterThanOrEqual(acked.clock)
}

describe('kill -9 during a write burst (docs/persistence.md#durability)', () => {
  it(
    `loses no acknowledged write across ${CYCLES} kill -9 cycles, with two sandbox ids, and the files always load`,
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'sandbox-kill-'))
      const acked = new Map(IDS.map((id) => [id, new Acknowledged()]))
      let torn = 0
      for (let cycle = 0; cycle < CYCLES; cycle++) {
        const server = await start(dir)
        for (const id of IDS) await verify(server.url, id, acked.get(id) as Acknowledged)
        const bursts: Promise<void>[] = []
        const failures: unknown[] = []
        for (const id of IDS) {
          const bearer = await token(server.url, id)
          for (let w = 0; w < WORKERS_PER_ID; w++) {
            const burst = worker(server.url, id, bearer, acked.get(id) as Acknowledged, `c${cycle}w${w}`)
            bursts.push(burst.catch((error: unknown) => void failures.push(error)))
          }
        }
        await new Promise((resolvePromise) => setTimeout(resolvePromise, 30 + Math.random() * 500))
        server.child.kill('SIGKILL')
        await exited(server.child)
        await Promise.all(bursts)
        expect(failures).toEqual([])
        torn += (server.output().match(/torn tail/g) ?? []).length
      }
      // Only compaction writes a snapshot, and no shutdown was clean so far: it ran in the background.
      expect(existsSync(join(dir, 'default.json'))).toBe(true)
      // A clean shutdown compacts; the snapshot alone then holds it all.
      const last = await start(dir)
      last.child.kill('SIGTERM')
      expect(await exited(last.child)).toBe(0)
      // Only the default sandbox was loaded in that run: its logs are compacted away, the other's are not.
      expect((await readdir(dir)).filter((name) => name.startsWith('default.'))).toEqual(['default.json'])
      const final = await start(dir)
      for (const id of IDS) await verify(final.url, id, acked.get(id) as Acknowledged)
      const total = [...acked.values()].reduce((sum, each) => sum + each.count, 0)
      console.log(`kill -9 loop: ${CYCLES} cycles, ${total} acknowledged writes, none lost; ${torn} torn tails ignored`)
      expect(total).toBeGreaterThan(CYCLES)
    },
    CYCLES * 10_000,
  )
})
