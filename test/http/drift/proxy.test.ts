import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createControlClient } from '../../../src/index.js'
import { type RunningServer, startServer } from '../../../src/node.js'
import { unwrapFetch } from '../../contract/internal/ContractChecker.js'
import { ADMIN_HEADERS } from '../../support/addepar.js'
import type { Json } from '../../support/controlCalls.js'
import { startCli } from '../../support/startCli.js'
import { FULL_CLIENT, upvestHeaders, upvestToken } from '../../support/upvest.js'
import { refusedUrl, startBrokenUpstream, startDriftedUpstream, type Upstream } from './upstreams.js'

// Answers that leave the documents on purpose (drift, 502, 504) would fail the suite's contract check of every
// fetch (test/contract/setup.ts): they are read with the fetch underneath it.
const rawFetch = unwrapFetch(globalThis.fetch) ?? globalThis.fetch

let faithful: RunningServer
let drifted: Upstream
const closing: Upstream[] = []

beforeAll(async () => {
  faithful = await startServer({ port: 0, scenario: 'default' })
  drifted = await startDriftedUpstream(faithful.url)
})
afterAll(async () => {
  await Promise.all([drifted?.close(), ...closing.map((each) => each.close())])
  await faithful?.close()
})

const proxy = (upvest: string, addepar: string, ...more: string[]) =>
  startCli(['proxy', '--port', '0', '--upvest-upstream', upvest, '--addepar-upstream', addepar, ...more])

async function drift(url: string) {
  const response = await fetch(`${url}/__sandbox/drift`)
  expect(response.status).toBe(200)
  return (await response.json()).findings
}

async function journal(url: string) {
  return (await fetch(`${url}/__sandbox/requests?limit=50`)).json()
}

describe('wealth-sandbox proxy', () => {
  it('passes requests to a faithful upstream and back, finds no drift, and keeps only shapes in the journal', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-proxy-'))
    const { url, output } = await proxy(faithful.url, `${faithful.url}/api`, '--record', join(dir, 'recorded.json'))
    expect(output()).not.toContain(FULL_CLIENT.secret)

    const token = await upvestToken(url, 'users:read accounts:read')
    const users = await fetch(`${url}/users`, { headers: upvestHeaders(token) })
    expect(users.status).toBe(200)
    expect((await users.json()).data.map((user: { last_name: string }) => user.last_name)).toContain('Becker')
    const group = await fetch(`${url}/api/v1/groups/5`, { headers: ADMIN_HEADERS })
    expect(group.status).toBe(200)
    expect((await group.json()).data.attributes.name).toBe('Group 1')

    expect(await drift(url)).toEqual([])
    const entries = await journal(url)
    expect(entries.map((entry: { url: string; status: number }) => `${entry.url} ${entry.status}`)).toEqual([
      '/api/v1/groups/5 200',
      '/users 200',
      '/auth/token 200',
    ])
    const stored = JSON.stringify(entries)
    for (const secret of [FULL_CLIENT.secret, token, 'Becker', 'Group 1', ADMIN_HEADERS.authorization]) {
      expect(stored).not.toContain(secret)
    }
    const [, listed, issued] = entries
    expect(issued.request.headers['upvest-client-id']).toBe('[redacted]')
    expect(JSON.parse(issued.request.body.text)).toEqual({
      client_id: 'string',
      client_secret: 'string',
      grant_type: 'string',
      scope: 'string',
    })
    expect(JSON.parse(listed.response.body.text).data[0]).toMatchObject({ last_name: 'string', status: 'string' })
  })

  it('names every planted difference of a drifted upstream in GET /__sandbox/drift and the journal', async () => {
    const { url } = await proxy(drifted.url, `${drifted.url}/api`)
    const token = await upvestToken(url, 'users:read accounts:read')
    const users = await rawFetch(`${url}/users`, { headers: upvestHeaders(token) })
    expect(users.status).toBe(200)
    expect((await users.json()).data[0].nickname).toBe('planted')
    const group = await rawFetch(`${url}/account_groups/9d95820d-4333-46b6-98de-04ab7512e76f`, {
      headers: upvestHeaders(token),
    })
    expect((await group.json()).status).toBe('ENABLED')
    expect((await rawFetch(`${url}/api/v1/group_types`, { headers: ADMIN_HEADERS })).status).toBe(201)

    const findings = await drift(url)
    expect(findings).toEqual([
      expect.objectContaining({
        api: 'addepar',
        operation: 'listGroupTypes',
        kind: 'status',
        pointer: '/status',
        expected: '200, 400, 401, 403, 429, 500',
        seen: '201',
      }),
      expect.objectContaining({
        api: 'upvest',
        operation: 'retrieve_account_group',
        kind: 'enum-value',
        pointer: '/body/status',
        expected: '"PENDING_APPROVAL" | "ACTIVE" | "CLOSING" | "CLOSED" | "LOCKED"',
        seen: '"ENABLED"',
      }),
      expect.objectContaining({
        api: 'upvest',
        operation: 'list_users',
        kind: 'field-extra',
        pointer: '/body/data/0/nickname',
        expected: 'absent',
        seen: 'string',
      }),
    ])
    expect((await createControlClient(url).drift()).findings).toEqual(findings)
    const [groupTypes] = await journal(url)
    expect(groupTypes.drift).toEqual([findings[0]].map(({ request: _r, time: _t, ...finding }) => finding))
  })

  it('answers an upstream that refuses, is slow, is not JSON or fails TLS with a 502 or 504 in the API’s format', async () => {
    const slow = await startBrokenUpstream(null)
    const html = await startBrokenUpstream({ status: 200, type: 'text/html', body: '<h1>Maintenance</h1>' })
    closing.push(slow, html)
    const first = await proxy(await refusedUrl(), `${slow.url}/api`, '--upstream-timeout', '300ms')
    const refused = await rawFetch(`${first.url}/users`)
    expect(refused.status).toBe(502)
    expect(refused.headers.get('content-type')).toBe('application/problem+json')
    expect(await refused.json()).toMatchObject({ status: 502, title: 'Bad Gateway', detail: /refused the connection/ })
    const timedOut = await rawFetch(`${first.url}/api/v1/groups`, { headers: ADMIN_HEADERS })
    expect(timedOut.status).toBe(504)
    expect(timedOut.headers.get('content-type')).toBe('application/vnd.api+json')
    expect((await timedOut.json()).errors[0]).toMatchObject({ status: '504', detail: /did not answer within 300 ms/ })

    const second = await proxy(html.url, `https://${new URL(html.url).host}/api`)
    const notJson = await rawFetch(`${second.url}/users`)
    expect(notJson.status).toBe(502)
    expect((await notJson.json()).detail).toMatch(/not JSON \(text\/html\)/)
    const tls = await rawFetch(`${second.url}/api/v1/groups`, { headers: ADMIN_HEADERS })
    expect(tls.status).toBe(502)
    expect((await tls.json()).errors[0].detail).toMatch(/TLS error/)

    // Still serving, and each failure is in the journal.
    expect((await fetch(`${second.url}/__sandbox/health`)).status).toBe(200)
    const failures = [...(await journal(first.url)), ...(await journal(second.url))]
    expect(failures.map((entry: { status: number; upstream_error: string }) => entry.status)).toEqual([
      504, 502, 502, 502,
    ])
    for (const entry of failures) expect(entry.upstream_error).toMatch(/^upstream /)
    expect(failures.find((entry: Json) => entry.url === '/users' && entry.status === 502)).toBeDefined()
  })

  it('records what came back as a scenario that loads as it is and serves the recorded shapes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-record-'))
    const file = join(dir, 'recorded.json')
    const { url } = await proxy(faithful.url, `${faithful.url}/api`, '--record', file, '--seed', '7')
    const token = await upvestToken(url, 'users:read accounts:read')
    const upvest = (base: string, headers: Record<string, string>, path: string) =>
      fetch(`${base}${path}`, { headers }).then((response) => response.json())
    const addepar = (base: string, headers: Record<string, string>, path: string) =>
      fetch(`${base}/api${path}`, { headers }).then((response) => response.json())
    const real = {
      users: await upvest(url, upvestHeaders(token), '/users'),
      accountGroups: await upvest(url, upvestHeaders(token), '/account_groups'),
      groups: await addepar(url, ADMIN_HEADERS, '/v1/groups?page[limit]=500'),
      entities: await addepar(url, ADMIN_HEADERS, '/v1/entities?page[limit]=500'),
      groupTypes: await addepar(url, ADMIN_HEADERS, '/v1/group_types'),
    }

    const text = await readFile(file, 'utf8')
    for (const personal of ['Becker', 'Whitaker', 'karl.schmidt', '123456789', FULL_CLIENT.id, 'sandbox-admin-key']) {
      expect(text).not.toContain(personal)
    }
    const loaded = await startServer({ port: 0, scenario: file })
    try {
      const info = loaded.sandbox.info()
      const client = info.upvest.clients[0] as { client_id: string; client_secret: string }
      const firm = info.addepar.firms[0] as (typeof info.addepar.firms)[number]
      const admin = firm.users[0] as (typeof firm.users)[number]
      const replayToken = await upvestToken(loaded.url, 'users:read accounts:read', {
        id: client.client_id,
        secret: client.client_secret,
      })
      const headers = upvestHeaders(replayToken, { id: client.client_id, secret: client.client_secret })
      const addeparHeaders = {
        authorization: `Basic ${btoa(`${admin.api_key}:${admin.api_secret}`)}`,
        'addepar-firm': firm.firm_id,
      }
      const replayed = {
        users: await upvest(loaded.url, headers, '/users'),
        accountGroups: await upvest(loaded.url, headers, '/account_groups'),
        groups: await addepar(loaded.url, addeparHeaders, '/v1/groups?page[limit]=500'),
        entities: await addepar(loaded.url, addeparHeaders, '/v1/entities?page[limit]=500'),
        groupTypes: await addepar(loaded.url, addeparHeaders, '/v1/group_types'),
      }
      // The same shapes: counts, statuses, types, the group tree's sizes and relations, model types.
      const sorted = (values: unknown[]) => values.map((value) => JSON.stringify(value)).sort()
      const shape = (answers: typeof real) => ({
        users: sorted(answers.users.data.map((user: Json) => [user.status, user.nationalities])),
        accountGroups: sorted(
          answers.accountGroups.data.map((group: Json) => [group.type, group.status, group.users.length]),
        ),
        groups: sorted(
          answers.groups.data.map(({ relationships: { members, child_groups, group_type } }: Json) => [
            members.data.length,
            child_groups.data.length,
            group_type.data.id,
          ]),
        ),
        entities: sorted(answers.entities.data.map((entity: Json) => entity.attributes.model_type)),
        groupTypes: sorted(answers.groupTypes.data.map((type: Json) => type.attributes)),
      })
      expect(shape(replayed)).toEqual(shape(real))
      expect(replayed.users.data.map((user: Json) => user.last_name)).not.toContain('Becker')
    } finally {
      await loaded.close()
    }
  })
})
