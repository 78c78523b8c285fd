import { describe, expect, it } from 'vitest'
import { emptyResponse } from './EngineResponse.js'
import type { HttpMethod, Route } from './Provider.js'
import { RouteTable } from './RouteTable.js'

const route = (method: HttpMethod, path: string): Route<null> => ({
  method,
  path,
  operation: { operationId: `${method} ${path}`, responses: { '204': {} } },
  handle: () => emptyResponse(204),
})
const table = new RouteTable([
  route('GET', '/v1/groups/:id'),
  route('POST', '/v1/groups/query'),
  route('POST', '/v1/groups/:id'),
  route('GET', '/v1/groups'),
  route('GET', '/v1/groups/:id/members'),
])
const matched = (method: string, path: string) => table.match(method, path)

describe('RouteTable', () => {
  it('matches method and path segment by segment, with percent-decoded parameters', () => {
    expect(matched('GET', '/v1/groups/5')).toMatchObject({
      route: { operation: { operationId: 'GET /v1/groups/:id' } },
      params: { id: '5' },
    })
    expect(matched('GET', '/v1/groups/a%20b/members')?.params).toEqual({ id: 'a b' })
    expect(matched('GET', '/v1/groups')?.route.operation.operationId).toBe('GET /v1/groups')
    expect(matched('DELETE', '/v1/groups/5')).toBeUndefined()
    expect(matched('GET', '/v1/groups/5/other')).toBeUndefined()
  })

  it('prefers a literal segment over a parameter, whatever the order of declaration', () => {
    expect(matched('POST', '/v1/groups/query')?.route.operation.operationId).toBe('POST /v1/groups/query')
    expect(matched('POST', '/v1/groups/7')?.route.operation.operationId).toBe('POST /v1/groups/:id')
  })

  it('matches nothing for an empty segment or a malformed escape; one trailing slash is the same path', () => {
    expect(matched('GET', '/v1/groups//5')).toBeUndefined()
    expect(matched('GET', '/v1/groups/')?.route.operation.operationId).toBe('GET /v1/groups')
    expect(matched('GET', '/v1/groups/%E0%A4%A')).toBeUndefined()
  })
})
