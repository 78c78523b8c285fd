import { beforeEach, describe, expect, it } from 'vitest'
import { AUTH, failure } from '../../../test/support/addeparApi.js'
import { type AddeparFirm, type AddeparUser, createSandbox, type Sandbox } from '../../index.js'
import { accessFor } from './accessFor.js'
import { authenticate } from './authenticate.js'
import { authorize } from './authorize.js'
import { indexCredentials } from './indexCredentials.js'
import { RateLimiter } from './RateLimiter.js'

// Authentication, authorisation, portfolio access and the rate limit, without HTTP.

let sandbox: Sandbox
beforeEach(async () => {
  sandbox = await createSandbox()
})
const user = (id: string) => sandbox.store.addeparUsers.get(id) as AddeparUser
const group = (id: string) => sandbox.store.addeparGroups.get(id)!
const headers = (authorization: string | null, firm: string | null = '123') =>
  new Headers(
    Object.entries({ authorization, 'addepar-firm': firm }).filter(([, v]) => v !== null) as [string, string][],
  )

describe('authenticate', () => {
  const credentials = () => indexCredentials(sandbox.store.addeparUsers.all())

  it('knows Basic users by key and secret, and tokens with their scopes', () => {
    expect(authenticate(credentials(), headers(AUTH.admin))).toEqual({ user: user('1'), scopes: null })
    expect(authenticate(credentials(), headers(AUTH.limited)).user.name).toBe('Lee Limited')
    expect(authenticate(credentials(), headers('bearer sandbox-token-groups-write'))).toEqual({
      user: user('1'),
      scopes: ['GROUPS_WRITE'],
    })
  })

  it('answers missing or wrong credentials with 401', async () => {
    for (const authorization of [
      null,
      `Basic ${btoa('sandbox-admin-key:wrong')}`,
      `Basic ${btoa('nobody:sandbox-admin-secret')}`,
      'Basic not-base64!',
      `Basic ${btoa('no-colon')}`,
      'Bearer unknown',
      'Token sandbox-token-groups-read',
    ]) {
      expect(await failure(() => authenticate(credentials(), headers(authorization)))).toMatchObject({ status: 401 })
    }
  })

  it('needs the Addepar-Firm header of the caller firm (401)', async () => {
    expect(await failure(() => authenticate(credentials(), headers(AUTH.admin, null)))).toMatchObject({
      status: 401,
      detail: 'Missing Addepar-Firm header: check the API key, secret, and Addepar-Firm header',
    })
    expect(await failure(() => authenticate(credentials(), headers(AUTH.admin, '999')))).toMatchObject({ status: 401 })
  })
})

describe('authorize', () => {
  const bearer = (...scopes: ('GROUPS' | 'GROUPS_WRITE' | 'ENTITIES' | 'ENTITIES_WRITE')[]) => ({
    user: user('1'),
    scopes,
  })

  it('lets GROUPS read, GROUPS_WRITE read and write, and ENTITIES(_WRITE) read entities', async () => {
    authorize(bearer('GROUPS'), 'groups:read')
    authorize(bearer('GROUPS_WRITE'), 'groups:read')
    authorize(bearer('GROUPS_WRITE'), 'groups:write')
    authorize(bearer('ENTITIES'), 'entities:read')
    authorize(bearer('ENTITIES_WRITE'), 'entities:read')
    expect(await failure(() => authorize(bearer('GROUPS'), 'groups:write'))).toEqual({
      status: 403,
      detail: 'This token lacks the GROUPS_WRITE scope',
    })
    expect(await failure(() => authorize(bearer('ENTITIES'), 'groups:read'))).toMatchObject({ status: 403 })
    expect(await failure(() => authorize(bearer('GROUPS_WRITE'), 'entities:read'))).toMatchObject({ status: 403 })
  })

  it('lets Basic users read, and write only with manage_groups', async () => {
    authorize({ user: user('2'), scopes: null }, 'groups:read')
    authorize({ user: user('2'), scopes: null }, 'entities:read')
    authorize({ user: user('1'), scopes: null }, 'groups:write')
    expect(await failure(() => authorize({ user: user('2'), scopes: null }, 'groups:write'))).toMatchObject({
      status: 403,
    })
  })
})

describe('accessFor', () => {
  it('shows a Bearer caller and a Basic user with full access everything', () => {
    for (const caller of [
      { user: user('2'), scopes: ['GROUPS' as const] },
      { user: user('1'), scopes: null },
    ]) {
      const access = accessFor(sandbox.store, caller)
      expect([access.entityIds, access.entity('102'), access.group(group('101'))]).toEqual([null, true, true])
    }
  })

  it('shows a Basic user its portfolio, and permissioned groups only when granted', () => {
    const access = accessFor(sandbox.store, { user: user('2'), scopes: null })
    expect([access.entity('22'), access.entity('102')]).toEqual([true, false])
    // 100 and 5: GROUPS (permissioned), granted, every member accessible.
    expect([access.group(group('100')), access.group(group('5'))]).toEqual([true, true])
    // 6: permissioned, every member accessible, but not granted.
    expect(access.group(group('6'))).toBe(false)
    // 101: HH_GROUPS (implicit access) with member 102 outside the portfolio.
    expect(access.group(group('101'))).toBe(false)
  })

  it('shows groups of implicit-access types when every member is accessible', async () => {
    const hh = await sandbox.store.addeparGroups.update('104', (draft) => {
      draft.members = ['22']
    })
    expect(accessFor(sandbox.store, { user: user('2'), scopes: null }).group(hh)).toBe(true)
  })
})

describe('RateLimiter', () => {
  const firm = (rate_limit: AddeparFirm['rate_limit']): AddeparFirm => ({ id: '123', name: 'F', rate_limit })

  it('does nothing without a limit', () => {
    const limiter = new RateLimiter()
    for (let i = 0; i < 100; i++) limiter.hit(firm(null), 0)
  })

  it('allows `limit` calls per sliding window and says when the next one fits', async () => {
    const limiter = new RateLimiter()
    const limited = firm({ limit: 2, window: '1m' })
    limiter.hit(limited, 0)
    limiter.hit(limited, 20_000)
    expect(await failure(() => limiter.hit(limited, 30_000))).toEqual({
      status: 429,
      detail: 'Rate limit of 2 requests per 1m exceeded; retry after 30 s',
      headers: { 'X-RateLimit-Retry-After': '30' },
    })
    // The refused call did not count: the first call leaves the window at 60 s.
    limiter.hit(limited, 60_000)
    expect((await failure(() => limiter.hit(limited, 60_500))).status).toBe(429)
    limiter.clear()
    limiter.hit(limited, 60_500)
  })
})
