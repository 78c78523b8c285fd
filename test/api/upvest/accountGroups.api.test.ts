import { setupServer } from 'msw/node'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createSandbox, type UpvestEvent } from '../../../src/index.js'
import { accountGroupEvents } from '../../../src/upvest/accountGroups/accountGroupEvents.js'
import { toAccountGroup } from '../../../src/upvest/accountGroups/toAccountGroup.js'
import {
  ANNA,
  CLAIRE,
  CONTROL,
  call,
  DOCUMENTED_GROUP,
  defaultWith,
  expectProblem,
  FULL,
  GROUPS,
  KARL,
  READ_ONLY,
  token,
  UUID,
} from '../../support/upvestApi.js'

const sandbox = await createSandbox({ scenario: 'default', seed: 1 })
const server = setupServer(...sandbox.handlers, sandbox.controlHandler(CONTROL))
const events: UpvestEvent[] = []
accountGroupEvents(sandbox.upvest).subscribe((event) => {
  events.push(event)
})

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterAll(() => server.close())
beforeEach(async () => {
  await sandbox.reset()
  events.length = 0
})

const ids = (body: { data: { id: string }[] }) => body.data.map((group) => group.id)
const control = (id: string, action: 'activate' | 'lock') =>
  fetch(new URL(`__sandbox/upvest/account_groups/${id}/${action}`, CONTROL), { method: 'POST' })
const create = async (body: unknown, bearer?: string, headers: Record<string, string> = {}, base?: string) =>
  call('/account_groups', { method: 'POST', token: bearer ?? (await token('accounts:admin')), body, headers, base })
const close = async (id: string, query = '', options: { body?: unknown; token?: string } = {}) =>
  call(`/account_groups/${id}${query}`, {
    method: 'DELETE',
    token: options.token ?? (await token('accounts:admin')),
    body: options.body,
  })
const stored = (id: string) => sandbox.store.upvestAccountGroups.get(id)

describe('GET /account_groups (docs/upvest.md#lists)', () => {
  it("lists the client's groups oldest first in the documented envelope", async () => {
    const response = await call('/account_groups', { token: await token('accounts:read') })
    expect(response.status).toBe(200)
    expect(response.headers.get('upvest-request-id')).toMatch(UUID)
    const body = await response.json()
    expect(body.meta).toEqual({ offset: 0, limit: 100, count: 5, total_count: 5, sort: 'created_at', order: 'ASC' })
    expect(ids(body)).toEqual([
      GROUPS.documented,
      GROUPS.legalEntity,
      GROUPS.karlPersonal,
      GROUPS.karlPea,
      GROUPS.karlChild,
    ])
    expect(body.data[0]).toEqual(DOCUMENTED_GROUP)
  })

  it('pages, sorts by updated_at, orders DESC, and breaks ties by id', async () => {
    const bearer = await token('accounts:admin')
    // Three groups created at the same frozen instant share their timestamps: the id orders them.
    const created: string[] = []
    for (const type of ['ISA', 'CHILD', 'LEGAL_ENTITY'])
      created.push((await (await create({ user_id: ANNA, type }, bearer)).json()).id)
    const byId = [...created].sort()

    const page = await (await call('/account_groups?limit=2&offset=4', { token: bearer })).json()
    expect(page.meta).toEqual({ offset: 4, limit: 2, count: 2, total_count: 8, sort: 'created_at', order: 'ASC' })
    expect(ids(page)).toEqual([GROUPS.karlChild, byId[0]])

    const desc = await (await call('/account_groups?order=DESC&limit=4', { token: bearer })).json()
    expect(ids(desc)).toEqual([byId[2], byId[1], byId[0], GROUPS.karlChild])

    const updated = await (await call('/account_groups?sort=updated_at', { token: bearer })).json()
    expect(updated.meta.sort).toBe('updated_at')
    expect(ids(updated)).toEqual([
      GROUPS.documented,
      GROUPS.legalEntity,
      GROUPS.karlPersonal,
      GROUPS.karlPea,
      GROUPS.karlChild,
      ...byId,
    ])

    const beyond = await (await call('/account_groups?offset=100', { token: bearer })).json()
    expect(beyond.meta).toMatchObject({ offset: 100, count: 0, total_count: 8 })
    expect(beyond.data).toEqual([])
  })

  it('answers 400 naming the parameter for a value out of bounds or not allowed', async () => {
    const bearer = await token('accounts:read')
    const cases: [string, string][] = [
      ['limit=0', 'limit'],
      ['limit=1001', 'limit'],
      ['limit=ten', 'limit'],
      ['limit=1.5', 'limit'],
      ['limit=', 'limit'],
      ['offset=-1', 'offset'],
      ['offset=x', 'offset'],
      ['sort=id', 'sort'],
      ['order=asc', 'order'],
    ]
    for (const [query, parameter] of cases) {
      await expectProblem(await call(`/account_groups?${query}`, { token: bearer }), 400, new RegExp(`^${parameter}: `))
    }
    expect((await call('/account_groups?limit=1000', { token: bearer })).status).toBe(200)
  })

  it('shows a client only its own groups (tenancy)', async () => {
    const response = await call('/account_groups', {
      token: await token('accounts:read', READ_ONLY),
      client: READ_ONLY,
    })
    expect(ids(await response.json())).toEqual([GROUPS.clairePersonal, GROUPS.claireIsa])
  })

  it('answers 401, 403 and 406 at the gate', async () => {
    await expectProblem(await call('/account_groups'), 401)
    await expectProblem(await call('/account_groups', { token: await token('users:admin') }), 403)
    await expectProblem(
      await call('/account_groups', { token: await token('accounts:read'), headers: { accept: 'text/html' } }),
      406,
    )
  })
})

describe('GET /account_groups/{id} (docs/upvest.md#get-account-group)', () => {
  it('returns the documented account group with exactly its seven fields', async () => {
    const response = await call(`/account_groups/${GROUPS.documented}`, { token: await token('accounts:admin') })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual(DOCUMENTED_GROUP)
  })

  it("answers 404 for an unknown, malformed or another client's group", async () => {
    const bearer = await token('accounts:read')
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid', GROUPS.clairePersonal]) {
      await expectProblem(await call(`/account_groups/${id}`, { token: bearer }), 404, `Account group ${id} not found`)
    }
  })

  it('answers 401, 403 and 406 at the gate', async () => {
    await expectProblem(await call(`/account_groups/${GROUPS.documented}`), 401)
    await expectProblem(await call(`/account_groups/${GROUPS.documented}`, { token: await token('users:read') }), 403)
    await expectProblem(
      await call(`/account_groups/${GROUPS.documented}`, {
        token: await token('accounts:read'),
        headers: { accept: 'application/xml' },
      }),
      406,
    )
  })
})

describe('POST /account_groups (docs/upvest.md#create-account-group to #idempotency-key-reuse)', () => {
  it('creates an ACTIVE group with an OWNER and a fresh 9-digit number, and records ACCOUNT_GROUP.CREATED', async () => {
    const response = await create({ user_id: ANNA, type: 'ISA' })
    expect(response.status).toBe(200)
    expect(response.headers.get('upvest-request-id')).toMatch(UUID)
    const group = await response.json()
    expect(Object.keys(group)).toEqual([
      'id',
      'created_at',
      'updated_at',
      'type',
      'status',
      'users',
      'securities_account_number',
    ])
    expect(group).toMatchObject({
      created_at: '2025-01-15T09:00:00Z',
      updated_at: '2025-01-15T09:00:00Z',
      type: 'ISA',
      status: 'ACTIVE',
      users: [{ id: ANNA, type: 'OWNER' }],
    })
    expect(group.id).toMatch(UUID)
    expect(group.securities_account_number).toMatch(/^[0-9]{9}$/)
    expect(stored(group.id)).toEqual({ ...group, client_id: FULL.id, closure_reason: null })
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({
      type: 'ACCOUNT_GROUP.CREATED',
      created_at: '2025-01-15T09:00:00Z',
      object: group,
    })
    expect(sandbox.store.upvestEvents.get(events[0]?.id ?? '')).toEqual(events[0])
    // The new group is in the lists at once.
    const list = await (await call(`/users/${ANNA}/account_groups`, { token: await token('accounts:read') })).json()
    expect(ids(list)).toContain(group.id)
  })

  it('gives every group its own securities account number', async () => {
    const bearer = await token('accounts:admin')
    const numbers = new Set([...sandbox.store.upvestAccountGroups.all()].map((g) => g.securities_account_number))
    for (let i = 0; i < 20; i++) {
      const { securities_account_number } = await (await create({ user_id: KARL, type: 'LEGAL_ENTITY' }, bearer)).json()
      expect(numbers.has(securities_account_number)).toBe(false)
      numbers.add(securities_account_number)
    }
  })

  it('answers 400 naming the field, and for malformed JSON, and changes nothing', async () => {
    const bearer = await token('accounts:admin')
    const before = sandbox.store.snapshot()
    await expectProblem(await create({ type: 'PERSONAL' }, bearer), 400, 'user_id: is required')
    await expectProblem(await create({ user_id: 'anna', type: 'PERSONAL' }, bearer), 400, /^user_id: /)
    await expectProblem(await create({ user_id: ANNA }, bearer), 400, 'type: is required')
    await expectProblem(await create({ user_id: ANNA, type: 'JOINT' }, bearer), 400, /^type: /)
    await expectProblem(
      await create({ user_id: ANNA, type: 'ISA', nickname: 'x' }, bearer),
      400,
      'nickname: unknown field',
    )
    await expectProblem(await create([], bearer), 400, /^request body: /)
    await expectProblem(await create('{"user_id":', bearer), 400, 'request body: malformed JSON')
    await expectProblem(await create(undefined, bearer), 400, 'request body: is required')
    expect(sandbox.store.snapshot()).toEqual(before)
    expect(events).toEqual([])
  })

  it("answers 404 for an unknown user or another client's user", async () => {
    const bearer = await token('accounts:admin')
    const before = sandbox.store.snapshot()
    await expectProblem(await create({ user_id: '00000000-0000-4000-8000-000000000000', type: 'ISA' }, bearer), 404)
    await expectProblem(await create({ user_id: CLAIRE, type: 'ISA' }, bearer), 404, `User ${CLAIRE} not found`)
    expect(sandbox.store.snapshot()).toEqual(before)
  })

  it('answers 409 for a second PERSONAL or FRENCH_PEA group, until the first is closed', async () => {
    const bearer = await token('accounts:admin')
    const before = sandbox.store.snapshot()
    await expectProblem(await create({ user_id: ANNA, type: 'PERSONAL' }, bearer), 409, new RegExp(GROUPS.documented))
    await expectProblem(await create({ user_id: KARL, type: 'FRENCH_PEA' }, bearer), 409, new RegExp(GROUPS.karlPea))
    expect(sandbox.store.snapshot()).toEqual(before)
    // Other types have no such limit.
    expect((await create({ user_id: ANNA, type: 'LEGAL_ENTITY' }, bearer)).status).toBe(200)

    expect((await close(GROUPS.documented, '', { token: bearer })).status).toBe(202)
    await expectProblem(await create({ user_id: ANNA, type: 'PERSONAL' }, bearer), 409)
    await sandbox.clock.advance('5s')
    expect((await create({ user_id: ANNA, type: 'PERSONAL' }, bearer)).status).toBe(200)
  })

  it('answers 401, 403 and 406 at the gate, before reading the body', async () => {
    await expectProblem(await call('/account_groups', { method: 'POST', body: { user_id: ANNA, type: 'ISA' } }), 401)
    await expectProblem(await create({ user_id: ANNA, type: 'ISA' }, await token('accounts:read')), 403)
    await expectProblem(await create('{', await token('accounts:admin'), { accept: 'text/html' }), 406)
    expect(events).toEqual([])
  })

  it('creates PENDING_APPROVAL groups under approval "manual", activated by the control route (docs/upvest.md#activate)', async () => {
    const manual = await defaultWith({ options: { approval: 'manual' } })
    const origin = 'https://manual.upvest.test'
    server.use(...manual.handlersFor({ upvest: `${origin}/` }), manual.controlHandler(`${origin}/control/`))
    try {
      const bearer = await token('accounts:admin', FULL, origin)
      await manual.clock.advance('1m')
      const response = await create({ user_id: ANNA, type: 'ISA' }, bearer, {}, origin)
      const created = await response.json()
      expect(created).toMatchObject({ status: 'PENDING_APPROVAL', updated_at: '2025-01-15T09:01:00Z' })
      await manual.clock.advance('1m')
      const activated = await fetch(`${origin}/control/__sandbox/upvest/account_groups/${created.id}/activate`, {
        method: 'POST',
      })
      expect(await activated.json()).toEqual({ ...created, status: 'ACTIVE', updated_at: '2025-01-15T09:02:00Z' })
      expect([...manual.store.upvestEvents.all()].map((e) => [e.type, e.object.status])).toEqual([
        ['ACCOUNT_GROUP.CREATED', 'PENDING_APPROVAL'],
        ['ACCOUNT_GROUP.ACTIVATED', 'ACTIVE'],
      ])
    } finally {
      server.resetHandlers()
    }
  })
})

describe('bodies nested thousands of levels deep (docs/upvest.md#validation)', () => {
  const deep = `${'['.repeat(5_000)}${']'.repeat(5_000)}`

  it('answer 400 naming the field, create nothing, and leave the key usable', async () => {
    const cases: [string, string][] = [
      [deep, 'request body'],
      [`{"user_id":${deep},"type":"ISA"}`, 'user_id'],
      [`{"user_id":"${ANNA}","type":${deep}}`, 'type'],
    ]
    for (const [body, field] of cases) {
      await expectProblem(await create(body), 400, new RegExp(`^${field}: nested more than 32 levels deep$`))
    }
    const closure = await close(GROUPS.legalEntity, '', { body: `{"closure_reason":${deep}}` })
    await expectProblem(closure, 400, /^closure_reason: nested more than/)
    expect(sandbox.store.upvestAccountGroups.size).toBe(7)
    // A body as deep as a real one (a few levels) is judged on its shape, as ever.
    await expectProblem(await create({ user_id: [[[ANNA]]], type: 'ISA' }), 400, /^user_id: /)
  })
})

describe('idempotency (docs/upvest.md#idempotent-replay, #idempotency-key-reuse)', () => {
  const key = '6f0cbb27-3d3b-4c7e-9f0a-1b2c3d4e5f60'

  it('replays the stored response for the same key and body, without doing the work again', async () => {
    const bearer = await token('accounts:admin')
    const first = await create({ user_id: ANNA, type: 'ISA' }, bearer, { 'idempotency-key': key })
    const body = await first.json()
    const groups = sandbox.store.upvestAccountGroups.size
    // Same body, other key order and spacing: the same request.
    const again = await create('{ "type": "ISA", "user_id": "413715f2-5401-4b97-8055-034a6b879f8c" }', bearer, {
      'idempotency-key': key,
    })
    expect(again.status).toBe(200)
    expect(await again.json()).toEqual(body)
    expect(again.headers.get('upvest-request-id')).not.toBe(first.headers.get('upvest-request-id'))
    expect(sandbox.store.upvestAccountGroups.size).toBe(groups)
    expect(events).toHaveLength(1)
    expect(sandbox.store.upvestIdempotency.get(`${FULL.id}:${key}`)).toMatchObject({ status: 200, body })
  })

  it('answers 422 for the key reused with another body, and changes nothing', async () => {
    const bearer = await token('accounts:admin')
    expect((await create({ user_id: ANNA, type: 'ISA' }, bearer, { 'idempotency-key': key })).status).toBe(200)
    const before = sandbox.store.snapshot()
    await expectProblem(
      await create({ user_id: KARL, type: 'ISA' }, bearer, { 'idempotency-key': key }),
      422,
      /^idempotency-key: /,
    )
    expect(sandbox.store.snapshot()).toEqual(before)
  })

  it('remembers keys for 24 hours of sandbox time, then treats the key as new', async () => {
    const first = await (await create({ user_id: ANNA, type: 'ISA' }, undefined, { 'idempotency-key': key })).json()
    await sandbox.clock.advance('23h')
    const replay = await (await create({ user_id: ANNA, type: 'ISA' }, undefined, { 'idempotency-key': key })).json()
    expect(replay.id).toBe(first.id)
    await sandbox.clock.advance('1h')
    const later = await (await create({ user_id: ANNA, type: 'ISA' }, undefined, { 'idempotency-key': key })).json()
    expect(later.id).not.toBe(first.id)
    expect(later.created_at).toBe('2025-01-16T09:00:00Z')
    expect(sandbox.store.upvestIdempotency.get(`${FULL.id}:${key}`)).toMatchObject({
      created_at: '2025-01-16T09:00:00Z',
      body: later,
    })
  })

  it('stores only successes: a refused request can be retried with its key and another body', async () => {
    const bearer = await token('accounts:admin')
    await expectProblem(await create({ user_id: ANNA, type: 'PERSONAL' }, bearer, { 'idempotency-key': key }), 409)
    expect(sandbox.store.upvestIdempotency.size).toBe(0)
    expect((await create({ user_id: ANNA, type: 'ISA' }, bearer, { 'idempotency-key': key })).status).toBe(200)
  })
})

describe('DELETE /account_groups/{id}: the closure lifecycle (docs/upvest.md#closure-request, #closure)', () => {
  it('accepts with 202 and no body, turns CLOSING at once and CLOSED after closureDelay', async () => {
    const response = await close(GROUPS.karlPersonal, '?closure_reason=user_initiated')
    expect(response.status).toBe(202)
    expect(response.headers.get('upvest-request-id')).toMatch(UUID)
    expect(await response.text()).toBe('')
    expect(stored(GROUPS.karlPersonal)).toMatchObject({
      status: 'CLOSING',
      updated_at: '2025-01-15T09:00:00Z',
      closure_reason: 'user_initiated',
    })
    expect(events.map((e) => [e.type, e.object.status, e.created_at])).toEqual([
      ['ACCOUNT_GROUP.CLOSING_INITIATED', 'CLOSING', '2025-01-15T09:00:00Z'],
    ])

    await sandbox.clock.advance('4s')
    expect(stored(GROUPS.karlPersonal)?.status).toBe('CLOSING')
    await sandbox.clock.advance('1s')
    expect(stored(GROUPS.karlPersonal)).toMatchObject({ status: 'CLOSED', updated_at: '2025-01-15T09:00:05Z' })
    expect(events.map((e) => [e.type, e.object.status, e.created_at])).toEqual([
      ['ACCOUNT_GROUP.CLOSING_INITIATED', 'CLOSING', '2025-01-15T09:00:00Z'],
      ['ACCOUNT_GROUP.CLOSED', 'CLOSED', '2025-01-15T09:00:05Z'],
    ])
    expect(events[1]?.object).toEqual(toAccountGroup(stored(GROUPS.karlPersonal)!))
    expect(sandbox.scheduler.pending()).toEqual([])

    // Closed groups stay readable.
    const read = await call(`/account_groups/${GROUPS.karlPersonal}`, { token: await token('accounts:read') })
    expect(await read.json()).toMatchObject({ status: 'CLOSED', updated_at: '2025-01-15T09:00:05Z' })
  })

  it('takes the parameters from a JSON body too, the query string winning', async () => {
    expect((await close(GROUPS.karlPersonal, '', { body: { closure_reason: 'aml' } })).status).toBe(202)
    expect(stored(GROUPS.karlPersonal)?.closure_reason).toBe('aml')
    expect(
      (await close(GROUPS.legalEntity, '?closure_reason=dunning', { body: { closure_reason: 'aml' } })).status,
    ).toBe(202)
    expect(stored(GROUPS.legalEntity)?.closure_reason).toBe('dunning')
  })

  it('records the reason of a notification_only request and changes nothing else', async () => {
    for (const request of [
      () => close(GROUPS.karlPersonal, '?notification_only=true&closure_reason=risk_based'),
      () => close(GROUPS.karlPersonal, '', { body: { notification_only: true, closure_reason: 'risk_based' } }),
    ]) {
      await sandbox.reset()
      const before = stored(GROUPS.karlPersonal)
      expect((await request()).status).toBe(202)
      expect(stored(GROUPS.karlPersonal)).toEqual({ ...before, closure_reason: 'risk_based' })
      expect(events).toEqual([])
      expect(sandbox.scheduler.pending()).toEqual([])
    }
  })

  it('closes a PENDING_APPROVAL group, and notification_only=false closes for real', async () => {
    expect((await close(GROUPS.karlPea, '?notification_only=false')).status).toBe(202)
    expect(stored(GROUPS.karlPea)?.status).toBe('CLOSING')
  })

  it('answers 400 for a closure_reason or notification_only not documented, and for a malformed body', async () => {
    const bearer = await token('accounts:admin')
    const before = sandbox.store.snapshot()
    await expectProblem(
      await close(GROUPS.karlPersonal, '?closure_reason=bored', { token: bearer }),
      400,
      /^closure_reason: /,
    )
    await expectProblem(
      await close(GROUPS.karlPersonal, '?notification_only=yes', { token: bearer }),
      400,
      'notification_only: must be true or false',
    )
    await expectProblem(
      await close(GROUPS.karlPersonal, '', { token: bearer, body: '{"closure_reason"' }),
      400,
      'request body: malformed JSON',
    )
    await expectProblem(await close(GROUPS.karlPersonal, '', { token: bearer, body: '[1]' }), 400, /^request body: /)
    expect(sandbox.store.snapshot()).toEqual(before)
  })

  it("answers 404 for an unknown group or another client's", async () => {
    await expectProblem(await close('00000000-0000-4000-8000-000000000000'), 404)
    await expectProblem(await close(GROUPS.clairePersonal), 404)
    expect(sandbox.store.upvestAccountGroups.get(GROUPS.clairePersonal)?.status).toBe('ACTIVE')
  })

  it('answers 409 for a CLOSING, CLOSED or LOCKED group', async () => {
    expect((await close(GROUPS.karlPersonal)).status).toBe(202)
    await expectProblem(await close(GROUPS.karlPersonal), 409, /CLOSING/)
    await expectProblem(await close(GROUPS.karlChild), 409, /CLOSED/)
    expect((await control(GROUPS.legalEntity, 'lock')).status).toBe(200)
    await expectProblem(await close(GROUPS.legalEntity), 409, /LOCKED/)
    // Even a notification is refused in those states.
    await expectProblem(await close(GROUPS.karlChild, '?notification_only=true'), 409)
  })

  it('answers 401, 403 and 406 at the gate, and needs no idempotency key', async () => {
    await expectProblem(await call(`/account_groups/${GROUPS.karlPersonal}`, { method: 'DELETE' }), 401)
    await expectProblem(await close(GROUPS.karlPersonal, '', { token: await token('accounts:read') }), 403)
    await expectProblem(
      await call(`/account_groups/${GROUPS.karlPersonal}`, {
        method: 'DELETE',
        token: await token('accounts:admin'),
        headers: { accept: 'text/html' },
      }),
      406,
    )
    expect(stored(GROUPS.karlPersonal)?.status).toBe('ACTIVE')
  })
})

describe('control routes: activate and lock (docs/upvest.md#activate, #lock)', () => {
  it('activates a PENDING_APPROVAL group, moving updated_at and emitting ACCOUNT_GROUP.ACTIVATED', async () => {
    await sandbox.clock.advance('1m')
    const response = await control(GROUPS.karlPea, 'activate')
    expect(response.status).toBe(200)
    const group = await response.json()
    expect(group).toMatchObject({ id: GROUPS.karlPea, status: 'ACTIVE', updated_at: '2025-01-15T09:01:00Z' })
    expect(Object.keys(group)).toHaveLength(7)
    expect(events.map((e) => e.type)).toEqual(['ACCOUNT_GROUP.ACTIVATED'])
    await expectProblem(await control(GROUPS.karlPea, 'activate'), 409)
  })

  it('locks a group and emits ACCOUNT_GROUP.LOCKED; a locked closure never completes', async () => {
    expect((await close(GROUPS.karlPersonal)).status).toBe(202)
    const locked = await control(GROUPS.karlPersonal, 'lock')
    expect(await locked.json()).toMatchObject({ status: 'LOCKED' })
    await sandbox.clock.advance('10s')
    expect(stored(GROUPS.karlPersonal)?.status).toBe('LOCKED')
    expect(events.map((e) => e.type)).toEqual(['ACCOUNT_GROUP.CLOSING_INITIATED', 'ACCOUNT_GROUP.LOCKED'])
  })

  it('answers 409 for locking a LOCKED or CLOSED group, and 404 as problem+json for an unknown one', async () => {
    await expectProblem(await control(GROUPS.claireIsa, 'lock'), 409)
    await expectProblem(await control(GROUPS.karlChild, 'lock'), 409)
    await expectProblem(await control('00000000-0000-4000-8000-000000000000', 'lock'), 404)
    await expectProblem(await control('00000000-0000-4000-8000-000000000000', 'activate'), 404)
    expect(events).toEqual([])
  })
})

describe('determinism', () => {
  it('gives the same ids, numbers and timestamps for the same seed and requests; never the same token', async () => {
    const run = async () => {
      await sandbox.reset()
      const bearer = await token('accounts:admin')
      const created = []
      for (const type of ['ISA', 'CHILD']) created.push(await (await create({ user_id: KARL, type }, bearer)).json())
      return { bearer, created }
    }
    const [first, second] = [await run(), await run()]
    expect(second.created).toEqual(first.created)
    expect(second.bearer).not.toBe(first.bearer)
  })
})
