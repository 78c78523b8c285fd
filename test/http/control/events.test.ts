import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServer, startServer } from '../../../src/node.js'

const CLIENT = '2f5a3c1e-8b4d-4e6f-9a7b-1c2d3e4f5a6b'
const ANNA = '413715f2-5401-4b97-8055-034a6b879f8c'
let running: RunningServer

beforeAll(async () => {
  running = await startServer({ port: 0, scenario: 'default' })
})
afterAll(() => running.close())

async function createGroup(sandboxId: string): Promise<string> {
  const headers = { 'upvest-client-id': CLIENT, 'x-sandbox-id': sandboxId }
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: CLIENT,
    client_secret: 'sandbox-secret-acme-full',
    scope: 'accounts:admin',
  })
  const token = await fetch(`${running.url}/auth/token`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
  })
  const { access_token } = (await token.json()) as { access_token: string }
  const created = await fetch(`${running.url}/account_groups`, {
    method: 'POST',
    headers: {
      ...headers,
      authorization: `Bearer ${access_token}`,
      'content-type': 'application/json',
      'idempotency-key': crypto.randomUUID(),
    },
    body: JSON.stringify({ user_id: ANNA, type: 'ISA' }),
  })
  expect(created.status).toBe(200)
  return ((await created.json()) as { id: string }).id
}

describe('GET /__sandbox/upvest/events', () => {
  it("lists the sandbox's recorded events oldest first, each sandbox its own", async () => {
    const id = await createGroup('events-a')
    const listed = await fetch(`${running.url}/__sandbox/upvest/events`, { headers: { 'x-sandbox-id': 'events-a' } })
    expect(listed.status).toBe(200)
    const { events } = (await listed.json()) as { events: { type: string; object: { id: string } }[] }
    expect(events.at(-1)).toMatchObject({ type: 'ACCOUNT_GROUP.CREATED', object: { id, status: 'ACTIVE' } })
    expect(events.at(-1)).not.toHaveProperty('client_id')
    const other = await fetch(`${running.url}/__sandbox/upvest/events`, { headers: { 'x-sandbox-id': 'events-b' } })
    const untouched = (await other.json()) as { events: { object: { id: string } }[] }
    expect(untouched.events.map((event) => event.object.id)).not.toContain(id)
  })
})
