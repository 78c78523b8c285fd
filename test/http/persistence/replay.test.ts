import { mkdtemp, readdir, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createSandbox } from '../../../src/index.js'
import { SandboxLog } from '../../../src/server/persistence/SandboxLog.js'
import { sandboxFileName } from '../../../src/server/persistence/sandboxFileName.js'
import { startServer } from '../../../src/server/startServer.js'
import { addepar } from '../../support/controlCalls.js'
import { FULL_CLIENT } from '../../support/upvest.js'

const KARL = '83d83ec2-d2ca-49ff-bbea-b92b5c3be202'

/** A fresh sandbox loaded from the files of sandbox `id` in `dir`, as a restart after `kill -9` would load it. */
async function reload(dir: string, id: string) {
  const sandbox = await createSandbox({ clock: 'frozen' })
  const log = await SandboxLog.open(sandbox, id, join(dir, sandboxFileName(id)), { warn: () => {} })
  await log.close({ compact: false })
  return sandbox
}

/** Every write path of both providers and the control API, over HTTP, in sandbox `id`. */
async function exercise(url: string, id: string): Promise<void> {
  const send = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { 'x-sandbox-id': id, ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`)
  }
  const group = (name: string) => ({
    data: {
      type: 'groups',
      attributes: { name },
      relationships: { group_type: { data: { type: 'group_types', id: 'GROUPS' } } },
    },
  })
  const ad = addepar(id)
  await send('POST', '/api/v1/groups', group('One'), ad)
  await send('POST', '/api/v1/groups', group('Two'), ad)
  await send('PATCH', '/api/v1/groups/5', { data: { type: 'groups', id: '5', attributes: { name: 'Renamed' } } }, ad)
  await send('POST', '/api/v1/groups/5/relationships/members', { data: [{ type: 'entities', id: '22' }] }, ad)
  await send('POST', '/api/v1/groups/5/relationships/child_groups', { data: [{ type: 'groups', id: '106' }] }, ad)
  await send('DELETE', '/api/v1/groups/106', undefined, ad)
  await send(
    'POST',
    '/api/v1/group_types',
    {
      data: {
        type: 'group_types',
        attributes: { group_type_key: 'NEW', display_name: 'New', is_permissioned_resource: false },
      },
    },
    ad,
  )

  const token = await fetch(`${url}/auth/token`, {
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
      scope: 'accounts:admin webhooks:admin',
    }),
  }).then(async (response) => ((await response.json()) as { access_token: string }).access_token)
  const upvest = () => ({ ...up, 'idempotency-key': crypto.randomUUID() })
  const up = {
    authorization: `Bearer ${token}`,
    'upvest-client-id': FULL_CLIENT.id,
    'content-type': 'application/json',
    accept: 'application/json',
  }
  await send('POST', '/webhooks', { title: 'hook', url: 'http://127.0.0.1:9/hook', type: ['ACCOUNT_GROUP'] }, upvest())
  await send(
    'POST',
    '/account_groups',
    { user_id: KARL, type: 'ISA' },
    { ...up, 'idempotency-key': crypto.randomUUID() },
  )
  await send(
    'DELETE',
    '/account_groups/9d95820d-4333-46b6-98de-04ab7512e76f?closure_reason=user_initiated',
    undefined,
    up,
  )
  await send('POST', '/__sandbox/clock/advance', { by: '10s' })
}

describe('the change log (docs/persistence.md)', () => {
  it('replays to the state the sandbox was in, for every write path, before and after compaction', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-replay-'))
    const running = await startServer({ port: 0, dataDir: dir, clock: 'frozen' })
    await exercise(running.url, 'default')
    await exercise(running.url, 'other')
    const expected = {
      default: running.sandbox.exportState(),
      other: (await running.registry.get('other')).sandbox.exportState(),
    }
    // As after kill -9: the files as the requests left them, nothing compacted.
    expect((await readdir(dir)).sort()).toEqual(['default.json.1.log', 'other.json.1.log'])
    for (const id of ['default', 'other'] as const) expect((await reload(dir, id)).exportState()).toEqual(expected[id])

    await running.close()
    expect((await readdir(dir)).sort()).toEqual(['default.json', 'other.json'])
    for (const id of ['default', 'other'] as const) expect((await reload(dir, id)).exportState()).toEqual(expected[id])
    const head = JSON.parse(await readFile(join(dir, 'default.json'), 'utf8'))
    expect(head).toMatchObject({
      format: 'wealth-sandbox/state@1',
      scenario: 'default',
      persistence: { format: 'wealth-sandbox/persistence@1', sandbox: 'default', log: 2 },
    })
  })

  it('replays resets, scenario loads and restores', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-replay-'))
    const running = await startServer({ port: 0, dataDir: dir, clock: 'frozen' })
    const post = (path: string, body?: unknown, method = 'POST') =>
      fetch(`${running.url}/__sandbox/${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) })
    await exercise(running.url, 'default')
    const snapshot = await (await fetch(`${running.url}/__sandbox/snapshot`)).json()
    await post('reset')
    await exercise(running.url, 'default')
    await post('scenario', { name: 'empty', seed: 4 })
    expect((await reload(dir, 'default')).exportState()).toEqual(running.sandbox.exportState())
    expect((await post('snapshot', snapshot, 'PUT')).status).toBe(200)
    await post('clock/advance', { by: '1h' })
    expect((await reload(dir, 'default')).exportState()).toEqual(running.sandbox.exportState())
    await running.close()
  })
})
