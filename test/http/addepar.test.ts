import { request as httpRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServer, startServer } from '../../src/node.js'
import { AUTH } from '../support/addeparApi.js'

// The Addepar API over the local server, under both prefixes: `/api/v1` (the real path) and `/v1`.

let server: RunningServer
beforeAll(async () => {
  server = await startServer({ port: 0, scenario: 'default' })
})
afterAll(() => server.close())

const headers = { authorization: AUTH.admin, 'addepar-firm': '123', accept: 'application/vnd.api+json' }
const get = async (path: string) => {
  const response = await fetch(`${server.url}${path}`, { headers })
  return { status: response.status, type: response.headers.get('content-type'), body: await response.json() }
}

describe.each(['/api', ''])('prefix "%s/v1"', (prefix) => {
  it('lists groups and follows links.next from the server root', async () => {
    const first = await get(`${prefix}/v1/groups?page[limit]=4`)
    expect([first.status, first.type]).toEqual([200, 'application/vnd.api+json'])
    expect(first.body.data.map((g: { id: string }) => g.id)).toEqual(['5', '6', '7', '100'])
    expect(first.body.links.next).toBe('/v1/groups?page[limit]=4&page[after]=100')
    const seen = [...first.body.data]
    let next: string | null = first.body.links.next
    while (next) {
      const page = await get(next)
      seen.push(...page.body.data)
      next = page.body.links.next
    }
    expect(seen.map((g) => g.id)).toEqual(['5', '6', '7', '100', '101', '102', '103', '104', '105', '106'])
    expect(seen.every((g) => g.links.self === `/v1/groups/${g.id}`)).toBe(true)
  })

  it('answers errors in JSON:API format', async () => {
    const missing = await get(`${prefix}/v1/groups/999`)
    expect([missing.status, missing.type, missing.body.errors[0].status]).toEqual([
      404,
      'application/vnd.api+json',
      '404',
    ])
  })
})

describe('writes over HTTP', () => {
  it('creates through /v1, reads through /api/v1, and deletes again', async () => {
    const created = await fetch(`${server.url}/v1/groups`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/vnd.api+json' },
      body: JSON.stringify({
        data: {
          type: 'groups',
          attributes: { name: 'Over HTTP', external_id_crm: 'H-1' },
          relationships: {
            group_type: { data: { type: 'group_types', id: 'HH_GROUPS' } },
            members: { data: [{ type: 'entities', id: '501' }] },
          },
        },
      }),
    })
    expect(created.status).toBe(201)
    const { data } = await created.json()
    const read = await get(`/api/v1/groups/${data.id}`)
    expect(read.body.data).toEqual(data)
    expect(read.body.data.attributes.external_id_crm).toBe('H-1')
    const members = await get(`/api${data.relationships.members.links.related}`)
    expect(members.body.data.map((e: { id: string }) => e.id)).toEqual(['501'])
    const deleted = await fetch(`${server.url}/api/v1/groups/${data.id}`, { method: 'DELETE', headers })
    expect(deleted.status).toBe(204)
    expect((await get(`/v1/groups/${data.id}`)).status).toBe(404)
  })

  it('refuses a body of another media type with 415', async () => {
    const response = await fetch(`${server.url}/v1/groups/5/relationships/members`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'text/plain' },
      body: '{"data":[]}',
    })
    expect(response.status).toBe(415)
  })
})

describe('methods and paths the API has no route for, over HTTP (docs/addepar.md#errors)', () => {
  /** Over node:http: fetch refuses to send TRACE. */
  const send = (method: string, path: string) =>
    new Promise<{ status: number; type: string | undefined; allow: string | undefined; body: string }>(
      (resolve, reject) => {
        const req = httpRequest(`${server.url}${path}`, { method, headers }, (res) => {
          let body = ''
          res.on('data', (chunk) => {
            body += chunk
          })
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], allow: res.headers.allow, body }),
          )
        })
        req.on('error', reject)
        req.end()
      },
    )

  it('answers TRACE on any route with 405 and Allow, as JSON:API', async () => {
    for (const path of ['/api/v1/groups', '/api/v1/groups/5', '/v1/entities', '/api/v1/nothing']) {
      const answer = await send('TRACE', path)
      expect([path, answer.status, answer.type, answer.allow]).toEqual([
        path,
        405,
        'application/vnd.api+json',
        'GET, POST, PATCH, DELETE',
      ])
      expect(JSON.parse(answer.body).errors[0]).toMatchObject({ status: '405', title: 'Method Not Allowed' })
    }
  })

  it('answers a path longer than 8,192 characters with 404, as JSON:API', async () => {
    for (const path of [`/api/v1/groups/${'9'.repeat(9_000)}`, `/api/v1/${'x/'.repeat(5_000)}groups`]) {
      const response = await fetch(`${server.url}${path}`, { headers })
      expect(response.status).toBe(404)
      expect((await response.json()).errors[0].status).toBe('404')
    }
  })

  it('answers an empty segment (`/v1/groups//5`) with 404', async () => {
    expect((await get('/api/v1/groups//5')).status).toBe(404)
    expect((await get('/v1/groups//5')).status).toBe(404)
  })
})
