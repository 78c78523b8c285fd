import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSandbox } from '../../../src/index.js'
import { ADMIN_HEADERS, DOCUMENTED_GROUP_5 } from '../../support/addepar.js'
import { DOCUMENTED_ACCOUNT_GROUP, upvestHeaders, upvestToken } from '../../support/upvest.js'

const sandbox = await createSandbox({ scenario: 'default', seed: 1 })
const server = setupServer(...sandbox.handlers)
const UPVEST = 'https://sandbox.upvest.co'
const ADDEPAR = 'https://examplefirm.addepar.com/api'

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterAll(() => server.close())

describe('in-process runtime (setupServer on the real origins)', () => {
  it('answers GET /account_groups/{id} and its 404 as problem+json', async () => {
    const headers = upvestHeaders(await upvestToken(UPVEST))
    const ok = await fetch(`${UPVEST}/account_groups/${DOCUMENTED_ACCOUNT_GROUP.id}`, { headers })
    expect(ok.status).toBe(200)
    expect(ok.headers.get('upvest-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    expect(await ok.json()).toEqual(DOCUMENTED_ACCOUNT_GROUP)

    const missing = await fetch(`${UPVEST}/account_groups/00000000-0000-4000-8000-000000000000`, { headers })
    expect(missing.status).toBe(404)
    expect(missing.headers.get('content-type')).toBe('application/problem+json')
    const body = await missing.json()
    expect(body).toMatchObject({
      type: 'https://docs.upvest.co/errors/not_found',
      status: 404,
      title: 'Not Found',
      instance: '/account_groups/00000000-0000-4000-8000-000000000000',
      request_id: missing.headers.get('upvest-request-id'),
    })
  })

  it('answers GET /api/v1/groups/:id and its 404 as JSON:API', async () => {
    const ok = await fetch(`${ADDEPAR}/v1/groups/5`, { headers: ADMIN_HEADERS })
    expect(ok.status).toBe(200)
    expect(ok.headers.get('content-type')).toBe('application/vnd.api+json')
    expect(await ok.json()).toEqual(DOCUMENTED_GROUP_5)

    const missing = await fetch(`${ADDEPAR}/v1/groups/999`, { headers: ADMIN_HEADERS })
    expect(missing.status).toBe(404)
    expect(await missing.json()).toEqual({
      errors: [
        { status: '404', title: 'Not Found', detail: 'Group 999 does not exist or you do not have access to it' },
      ],
    })
  })

  it('answers with the length of its body in bytes, as a server does, and none on a 204', async () => {
    const created = await fetch(`${ADDEPAR}/v1/groups`, {
      method: 'POST',
      headers: { ...ADMIN_HEADERS, 'content-type': 'application/vnd.api+json' },
      body: JSON.stringify({
        data: {
          type: 'groups',
          attributes: { name: 'Müller Familie' },
          relationships: { group_type: { data: { type: 'group_types', id: 'GROUPS' } } },
        },
      }),
    })
    const text = await created.text()
    expect(created.status).toBe(201)
    expect(created.headers.get('content-length')).toBe(String(Buffer.byteLength(text)))
    const deleted = await fetch(`${ADDEPAR}/v1/groups/${JSON.parse(text).data.id}`, {
      method: 'DELETE',
      headers: ADMIN_HEADERS,
    })
    expect(deleted.status).toBe(204)
    expect(deleted.headers.get('content-length')).toBeNull()
  })

  it('rejects requests no handler matches instead of letting them reach the network', async () => {
    await expect(fetch('https://unmocked.example.com/')).rejects.toThrow()
  })
})
