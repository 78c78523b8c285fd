import { HttpResponse, http } from 'msw'
import { describe, expect, it } from 'vitest'
import { HandlerIndex } from '../../src/sandbox/HandlerIndex.js'

const base = 'https://api.example.com/api/'
const handlers = [
  http.post(`${base}v1/groups/query`, () => HttpResponse.text('query')),
  http.get(`${base}v1/groups/:id`, () => HttpResponse.text('by id')),
  http.get(`${base}v1/groups`, () => HttpResponse.text('list')),
  http.get(`${base}v1/groups/:id/members`, () => HttpResponse.text('members')),
  http.get(/\/legacy\//, () => HttpResponse.text('regexp')),
  http.get(`${base}v1/files/*`, () => HttpResponse.text('wildcard')),
]
const index = new HandlerIndex(handlers)
const names = (method: string, url: string) =>
  index.match(method, new URL(url)).map((m) => (m.handler.info as { header: string }).header)

describe('HandlerIndex', () => {
  it('narrows to the handlers whose method, origin and path shape can match, in their original order', () => {
    expect(names('GET', `${base}v1/groups/5`)).toEqual([
      'GET https://api.example.com/api/v1/groups/:id',
      'GET /\\/legacy\\//',
      'GET https://api.example.com/api/v1/files/*',
    ])
    expect(names('POST', `${base}v1/groups/query`)).toEqual(['POST https://api.example.com/api/v1/groups/query'])
    expect(names('GET', `${base}v1/groups/5/members?page[limit]=1`)[0]).toBe(
      'GET https://api.example.com/api/v1/groups/:id/members',
    )
    expect(names('POST', 'https://other.example.com/api/v1/groups/query')).toEqual([])
    expect(names('DELETE', `${base}v1/groups/5`)).toEqual([])
  })

  it('extracts path parameters, decoded, for the handlers it matched itself', () => {
    const [byId, regexp] = index.match('GET', new URL(`${base}v1/groups/a%20b`))
    expect(byId?.params).toEqual({ id: 'a b' })
    expect(regexp?.params).toBeUndefined()
  })

  it('keeps handlers it cannot analyse as candidates for every request', () => {
    expect(names('GET', 'https://anywhere.example.com/legacy/x')).toEqual([
      'GET /\\/legacy\\//',
      'GET https://api.example.com/api/v1/files/*',
    ])
  })
})
