import { describe, expect, it } from 'vitest'
import { AUTH, api, useSandbox } from '../../support/addeparApi.js'

// POST adds, PATCH replaces, DELETE removes, on members and child groups (docs/addepar.md#relationship-writes); 204 No Content.

const env = useSandbox()
const entities = (...ids: string[]) => ({ data: ids.map((id) => ({ type: 'entities', id })) })
const groups = (...ids: string[]) => ({ data: ids.map((id) => ({ type: 'groups', id })) })
const stored = (id: string) => env.sandbox.store.addeparGroups.get(id)
const members = (id: string) => stored(id)?.members
const children = (id: string) => stored(id)?.child_groups

describe('members', () => {
  const path = (id: string) => `/v1/groups/${id}/relationships/members`

  it('POST adds members, collapsing duplicates: 204 and modified_at moves', async () => {
    await env.sandbox.clock.advance('1m')
    const response = await api('POST', path('106'), { auth: AUTH.groupsWrite, body: entities('22', '24', '22') })
    expect([response.status, response.body]).toEqual([204, null])
    await api('POST', path('106'), { body: entities('24', '117') })
    expect(stored('106')).toMatchObject({ members: ['22', '24', '117'], modified_at: '2025-01-15T09:01:00Z' })
    expect((await api('GET', path('106'))).body.data.map((m: { id: string }) => m.id)).toEqual(['22', '24', '117'])
  })

  it('PATCH replaces and DELETE removes members', async () => {
    expect((await api('PATCH', path('5'), { body: entities('501', '502', '501') })).status).toBe(204)
    expect(members('5')).toEqual(['501', '502'])
    expect((await api('DELETE', path('5'), { body: entities('501', '22') })).status).toBe(204)
    expect(members('5')).toEqual(['502'])
    expect((await api('PATCH', path('5'), { body: entities() })).status).toBe(204)
    expect(members('5')).toEqual([])
  })

  it('answers 400, 403, 404 and 409 on every method, changing nothing', async () => {
    for (const method of ['POST', 'PATCH', 'DELETE']) {
      const call = (id: string, body: object, auth?: string) => api(method, path(id), { body, auth })
      const stock = await call('5', entities('22', '302'))
      expect([stock.status, stock.body.errors[0].source]).toEqual([400, { pointer: '/data/1/id' }])
      expect((await call('5', entities('9999'))).status).toBe(400)
      expect((await call('5', { data: { type: 'entities', id: '22' } })).status).toBe(400)
      expect((await call('5', entities('22'), AUTH.groupsRead)).status).toBe(403)
      expect((await call('5', entities('22'), AUTH.limited)).status).toBe(403)
      expect((await call('999', entities('22'))).status).toBe(404)
      const wrongType = await call('5', groups('6'))
      expect([wrongType.status, wrongType.body.errors[0].source]).toEqual([409, { pointer: '/data/0/type' }])
      expect(members('5')).toEqual(['22', '24', '117'])
    }
  })
})

describe('child groups', () => {
  const path = (id: string) => `/v1/groups/${id}/relationships/child_groups`

  it('POST adds a child group: 204 and modified_at moves', async () => {
    await env.sandbox.clock.advance('1m')
    const response = await api('POST', path('100'), { body: groups('106', '106') })
    expect([response.status, response.body]).toEqual([204, null])
    expect(stored('100')).toMatchObject({ child_groups: ['106'], modified_at: '2025-01-15T09:01:00Z' })
    expect((await api('GET', '/v1/groups/100/child_groups')).body.data.map((g: { id: string }) => g.id)).toEqual([
      '106',
    ])
  })

  it('PATCH replaces and DELETE removes child groups', async () => {
    expect((await api('PATCH', path('5'), { body: groups('7', '100') })).status).toBe(204)
    expect(children('5')).toEqual(['7', '100'])
    expect((await api('DELETE', path('5'), { body: groups('7') })).status).toBe(204)
    expect(children('5')).toEqual(['100'])
  })

  it('refuses a group as its own child and any cycle with 409', async () => {
    const self = await api('POST', path('5'), { body: groups('5') })
    expect([self.status, self.body.errors[0].detail]).toEqual([409, 'Group 5 cannot be its own child group'])
    const cycle = await api('POST', path('7'), { body: groups('5') })
    expect([cycle.status, cycle.body.errors[0].detail]).toEqual([
      409,
      'Child groups would form a cycle: 7 -> 5 -> 6 -> 7',
    ])
    expect((await api('PATCH', path('6'), { body: groups('7', '5') })).status).toBe(409)
    expect([children('5'), children('6'), children('7')]).toEqual([['6'], ['7'], []])
  })

  it('answers 400 (payload), 403, 404 and 409 (type) on every method', async () => {
    for (const method of ['POST', 'PATCH', 'DELETE']) {
      const call = (id: string, body: object, auth?: string) => api(method, path(id), { body, auth })
      expect((await call('5', { data: { type: 'groups', id: '7' } })).status).toBe(400)
      expect((await call('5', groups('7'), AUTH.groupsRead)).status).toBe(403)
      expect((await call('5', groups('7'), AUTH.limited)).status).toBe(403)
      expect((await call('999', groups('7'))).status).toBe(404)
      const unknownChild = await call('5', groups('999'))
      expect([unknownChild.status, unknownChild.body.errors[0].source]).toEqual([404, { pointer: '/data/0/id' }])
      expect((await call('5', entities('22'))).status).toBe(409)
      expect(children('5')).toEqual(['6'])
    }
  })
})
