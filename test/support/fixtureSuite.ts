import type { TestSandbox } from '../../src/vitest.js'
import { ADMIN_HEADERS } from './addepar.js'
import { FULL_CLIENT } from './upvest.js'

// What a user of wealth-sandbox/vitest writes: the providers' real URLs through `sandbox.fetch`, so the same
// test runs in-process and against a running server.

export const UPVEST = 'https://sandbox.upvest.co'
export const ADDEPAR = 'https://examplefirm.addepar.com/api'
export const OWNER = '413715f2-5401-4b97-8055-034a6b879f8c'

export async function upvestHeaders(sandbox: TestSandbox): Promise<Record<string, string>> {
  const response = await sandbox.fetch(`${UPVEST}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'upvest-client-id': FULL_CLIENT.id },
    body: new URLSearchParams({
      client_id: FULL_CLIENT.id,
      client_secret: FULL_CLIENT.secret,
      grant_type: 'client_credentials',
      scope: 'accounts:read accounts:admin',
    }),
  })
  if (response.status !== 200) throw new Error(`token: ${response.status} ${await response.text()}`)
  const { access_token } = (await response.json()) as { access_token: string }
  return { authorization: `Bearer ${access_token}`, 'upvest-client-id': FULL_CLIENT.id, accept: 'application/json' }
}

export async function openAccountGroup(sandbox: TestSandbox): Promise<{ id: string; status: string }> {
  const response = await sandbox.fetch(`${UPVEST}/account_groups`, {
    method: 'POST',
    headers: {
      ...(await upvestHeaders(sandbox)),
      'content-type': 'application/json',
      'idempotency-key': crypto.randomUUID(),
    },
    body: JSON.stringify({ user_id: OWNER, type: 'ISA' }),
  })
  if (response.status !== 200) throw new Error(`create: ${response.status} ${await response.text()}`)
  return (await response.json()) as { id: string; status: string }
}

export async function closeAccountGroup(sandbox: TestSandbox, id: string): Promise<number> {
  const response = await sandbox.fetch(`${UPVEST}/account_groups/${id}?closure_reason=user_initiated`, {
    method: 'DELETE',
    headers: await upvestHeaders(sandbox),
  })
  await response.body?.cancel()
  return response.status
}

export async function accountGroup(sandbox: TestSandbox, id: string): Promise<Response> {
  return sandbox.fetch(`${UPVEST}/account_groups/${id}`, { headers: await upvestHeaders(sandbox) })
}

export async function ownerAccountGroupIds(sandbox: TestSandbox): Promise<string[]> {
  const response = await sandbox.fetch(`${UPVEST}/users/${OWNER}/account_groups?limit=100`, {
    headers: await upvestHeaders(sandbox),
  })
  const { data } = (await response.json()) as { data: { id: string }[] }
  return data.map((group) => group.id)
}

export async function renameGroup(sandbox: TestSandbox, id: string, name: string): Promise<number> {
  const response = await sandbox.fetch(`${ADDEPAR}/v1/groups/${id}`, {
    method: 'PATCH',
    headers: { ...ADMIN_HEADERS, 'content-type': 'application/vnd.api+json' },
    body: JSON.stringify({ data: { type: 'groups', id, attributes: { name } } }),
  })
  await response.body?.cancel()
  return response.status
}

export async function groupName(sandbox: TestSandbox, id: string): Promise<string> {
  const response = await sandbox.fetch(`${ADDEPAR}/v1/groups/${id}`, { headers: ADMIN_HEADERS })
  return ((await response.json()) as { data: { attributes: { name: string } } }).data.attributes.name
}
