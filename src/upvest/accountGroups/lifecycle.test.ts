import { beforeEach, describe, expect, it } from 'vitest'
import { ANNA, CLAIRE, defaultWith, FULL, GROUPS, KARL, READ_ONLY } from '../../../test/support/upvestApi.js'
import { createSandbox, type UpvestEvent } from '../../index.js'
import { UpvestError } from '../protocol/UpvestError.js'
import { accountGroupEvents, MAX_EVENTS } from './accountGroupEvents.js'
import { activateAccountGroup } from './activateAccountGroup.js'
import { CLOSURE_JOB, closeAccountGroup, closureRequest } from './closeAccountGroup.js'
import { createAccountGroup } from './createAccountGroup.js'
import { findAccountGroup } from './findAccountGroup.js'
import { lockAccountGroup } from './lockAccountGroup.js'
import { nextSecuritiesAccountNumber } from './nextSecuritiesAccountNumber.js'
import { toAccountGroup } from './toAccountGroup.js'

const sandbox = await createSandbox({ scenario: 'default', seed: 1 })
const events: UpvestEvent[] = []
accountGroupEvents(sandbox.upvest).subscribe((event) => {
  events.push(event)
})
beforeEach(async () => {
  await sandbox.reset()
  events.length = 0
})

/** Runs `work` and returns the UpvestError it throws. */
async function refusal(work: () => Promise<unknown>): Promise<UpvestError> {
  const error = await work().then(
    () => undefined,
    (thrown: unknown) => thrown,
  )
  expect(error).toBeInstanceOf(UpvestError)
  return error as UpvestError
}

const group = (id: string) => sandbox.store.upvestAccountGroups.get(id)
const closure = (input: Record<string, unknown> = {}) => closureRequest.parse(input)

describe('createAccountGroup', () => {
  it('stores an ACTIVE group owned by the user and emits CREATED with the full object', async () => {
    const created = await createAccountGroup(sandbox.upvest, FULL.id, { user_id: KARL, type: 'LEGAL_ENTITY' })
    expect(group(created.id)).toEqual({ ...created, client_id: FULL.id, closure_reason: null })
    expect(created).toMatchObject({
      status: 'ACTIVE',
      users: [{ id: KARL, type: 'OWNER' }],
      created_at: '2025-01-15T09:00:00Z',
    })
    expect(events).toEqual([
      {
        id: expect.any(String),
        client_id: FULL.id,
        created_at: '2025-01-15T09:00:00Z',
        type: 'ACCOUNT_GROUP.CREATED',
        object: created,
      },
    ])
  })

  it('refuses a user of another client as unknown (404) and a second PERSONAL or FRENCH_PEA (409)', async () => {
    const before = sandbox.store.snapshot()
    expect(
      (await refusal(() => createAccountGroup(sandbox.upvest, FULL.id, { user_id: CLAIRE, type: 'ISA' }))).status,
    ).toBe(404)
    expect(
      (await refusal(() => createAccountGroup(sandbox.upvest, FULL.id, { user_id: ANNA, type: 'PERSONAL' }))).status,
    ).toBe(409)
    expect(
      (await refusal(() => createAccountGroup(sandbox.upvest, FULL.id, { user_id: KARL, type: 'FRENCH_PEA' }))).status,
    ).toBe(409)
    expect(
      (await refusal(() => createAccountGroup(sandbox.upvest, READ_ONLY.id, { user_id: CLAIRE, type: 'PERSONAL' })))
        .status,
    ).toBe(409)
    expect(sandbox.store.snapshot()).toEqual(before)
    expect(events).toEqual([])
  })

  it('lets a user open a new PERSONAL group once the old one is CLOSED', async () => {
    await sandbox.store.upvestAccountGroups.update(GROUPS.documented, (draft) => {
      draft.status = 'CLOSED'
    })
    expect((await createAccountGroup(sandbox.upvest, FULL.id, { user_id: ANNA, type: 'PERSONAL' })).status).toBe(
      'ACTIVE',
    )
  })

  it('starts groups in PENDING_APPROVAL under approval "manual"', async () => {
    const manual = await defaultWith({ options: { approval: 'manual' } })
    expect((await createAccountGroup(manual.upvest, FULL.id, { user_id: ANNA, type: 'ISA' })).status).toBe(
      'PENDING_APPROVAL',
    )
  })
})

describe('nextSecuritiesAccountNumber', () => {
  it('draws 9-digit numbers from the seed, never one in use, the same again after a reset', async () => {
    const seeded = new Set([...sandbox.store.upvestAccountGroups.all()].map((g) => g.securities_account_number))
    const draw = () => Array.from({ length: 50 }, () => nextSecuritiesAccountNumber(sandbox.upvest))
    const first = draw()
    for (const number of first) {
      expect(number).toMatch(/^[1-9][0-9]{8}$/)
      expect(seeded.has(number)).toBe(false)
    }
    expect(new Set(first).size).toBe(first.length)
    await sandbox.reset()
    expect(draw()).toEqual(first)
  })
})

describe('closeAccountGroup and the closure job', () => {
  it('turns an ACTIVE group CLOSING at once and CLOSED after closureDelay, moving updated_at each time', async () => {
    await closeAccountGroup(sandbox.upvest, FULL.id, GROUPS.karlPersonal, closure({ closure_reason: 'aml' }))
    expect(group(GROUPS.karlPersonal)).toMatchObject({
      status: 'CLOSING',
      updated_at: '2025-01-15T09:00:00Z',
      closure_reason: 'aml',
    })
    expect(sandbox.scheduler.pending()).toMatchObject([
      { kind: CLOSURE_JOB, due_at: '2025-01-15T09:00:05.000Z', payload: { account_group_id: GROUPS.karlPersonal } },
    ])
    await sandbox.clock.advance('5s')
    expect(group(GROUPS.karlPersonal)).toMatchObject({ status: 'CLOSED', updated_at: '2025-01-15T09:00:05Z' })
    expect(events.map((e) => [e.type, e.object])).toEqual([
      [
        'ACCOUNT_GROUP.CLOSING_INITIATED',
        { ...toAccountGroup(group(GROUPS.karlPersonal)!), status: 'CLOSING', updated_at: '2025-01-15T09:00:00Z' },
      ],
      ['ACCOUNT_GROUP.CLOSED', toAccountGroup(group(GROUPS.karlPersonal)!)],
    ])
  })

  it("follows the scenario's closureDelay", async () => {
    const slow = await defaultWith({ options: { closureDelay: '2m' } })
    await closeAccountGroup(slow.upvest, FULL.id, GROUPS.karlPersonal, closure())
    await slow.clock.advance('119s')
    expect(slow.store.upvestAccountGroups.get(GROUPS.karlPersonal)?.status).toBe('CLOSING')
    await slow.clock.advance('1s')
    expect(slow.store.upvestAccountGroups.get(GROUPS.karlPersonal)?.status).toBe('CLOSED')
  })

  it('only records the reason for notification_only, keeping the status, updated_at and the event log', async () => {
    await closeAccountGroup(
      sandbox.upvest,
      FULL.id,
      GROUPS.karlPersonal,
      closure({ notification_only: 'true', closure_reason: 'dunning' }),
    )
    expect(group(GROUPS.karlPersonal)).toMatchObject({
      status: 'ACTIVE',
      updated_at: '2021-07-21T14:20:00Z',
      closure_reason: 'dunning',
    })
    expect(events).toEqual([])
    expect(sandbox.scheduler.pending()).toEqual([])
  })

  it('refuses CLOSING, CLOSED and LOCKED groups with 409, and other tenants with 404', async () => {
    await closeAccountGroup(sandbox.upvest, FULL.id, GROUPS.karlPersonal, closure())
    expect(
      (await refusal(() => closeAccountGroup(sandbox.upvest, FULL.id, GROUPS.karlPersonal, closure()))).status,
    ).toBe(409)
    expect((await refusal(() => closeAccountGroup(sandbox.upvest, FULL.id, GROUPS.karlChild, closure()))).status).toBe(
      409,
    )
    expect(
      (await refusal(() => closeAccountGroup(sandbox.upvest, READ_ONLY.id, GROUPS.claireIsa, closure()))).status,
    ).toBe(409)
    expect(
      (await refusal(() => closeAccountGroup(sandbox.upvest, READ_ONLY.id, GROUPS.karlPea, closure()))).status,
    ).toBe(404)
  })

  it('leaves a group that was locked while CLOSING locked when the job runs', async () => {
    await closeAccountGroup(sandbox.upvest, FULL.id, GROUPS.karlPersonal, closure())
    await lockAccountGroup(sandbox.upvest, GROUPS.karlPersonal)
    await sandbox.clock.advance('1m')
    expect(group(GROUPS.karlPersonal)?.status).toBe('LOCKED')
    expect(events.map((e) => e.type)).toEqual(['ACCOUNT_GROUP.CLOSING_INITIATED', 'ACCOUNT_GROUP.LOCKED'])
  })

  it('keeps the pending closure in the store, so a restored snapshot still completes it', async () => {
    await closeAccountGroup(sandbox.upvest, FULL.id, GROUPS.karlPersonal, closure())
    const copy = await createSandbox({ scenario: 'default', seed: 1 })
    await copy.importState(sandbox.exportState())
    await copy.clock.advance('5s')
    expect(copy.store.upvestAccountGroups.get(GROUPS.karlPersonal)?.status).toBe('CLOSED')
  })
})

describe('closureRequest', () => {
  it('reads notification_only from text or booleans and names a bad value', () => {
    expect(closureRequest.parse({})).toEqual({ notification_only: false })
    expect(closureRequest.parse({ notification_only: 'false' }).notification_only).toBe(false)
    expect(closureRequest.parse({ notification_only: true }).notification_only).toBe(true)
    expect(closureRequest.safeParse({ notification_only: 'yes' }).success).toBe(false)
    expect(closureRequest.safeParse({ closure_reason: 'bored' }).success).toBe(false)
  })
})

describe('activateAccountGroup and lockAccountGroup', () => {
  it('activates only PENDING_APPROVAL groups', async () => {
    await sandbox.clock.advance('10s')
    expect(await activateAccountGroup(sandbox.upvest, GROUPS.karlPea)).toMatchObject({
      status: 'ACTIVE',
      updated_at: '2025-01-15T09:00:10Z',
    })
    expect(events.map((e) => e.type)).toEqual(['ACCOUNT_GROUP.ACTIVATED'])
    expect((await refusal(() => activateAccountGroup(sandbox.upvest, GROUPS.karlPea))).status).toBe(409)
    expect((await refusal(() => activateAccountGroup(sandbox.upvest, 'nope'))).status).toBe(404)
  })

  it('locks any group that is not LOCKED or CLOSED, across tenants', async () => {
    expect(await lockAccountGroup(sandbox.upvest, GROUPS.karlPea)).toMatchObject({ status: 'LOCKED' })
    expect(await lockAccountGroup(sandbox.upvest, GROUPS.clairePersonal)).toMatchObject({ status: 'LOCKED' })
    expect((await refusal(() => lockAccountGroup(sandbox.upvest, GROUPS.claireIsa))).status).toBe(409)
    expect((await refusal(() => lockAccountGroup(sandbox.upvest, GROUPS.karlChild))).status).toBe(409)
    expect(events.map((e) => [e.type, e.client_id])).toEqual([
      ['ACCOUNT_GROUP.LOCKED', FULL.id],
      ['ACCOUNT_GROUP.LOCKED', READ_ONLY.id],
    ])
  })
})

describe('findAccountGroup', () => {
  it('hides other tenants behind the same 404 as unknown ids', () => {
    expect(findAccountGroup(sandbox.upvest, GROUPS.clairePersonal).id).toBe(GROUPS.clairePersonal)
    expect(() => findAccountGroup(sandbox.upvest, GROUPS.clairePersonal, FULL.id)).toThrow(
      `Account group ${GROUPS.clairePersonal} not found`,
    )
  })
})

describe('accountGroupEvents', () => {
  it('records each event before the listeners see it, and stops calling a listener once unsubscribed', async () => {
    const seen: string[] = []
    const unsubscribe = accountGroupEvents(sandbox.upvest).subscribe((event) => {
      expect(sandbox.store.upvestEvents.get(event.id)).toEqual(event)
      seen.push(event.type)
    })
    await lockAccountGroup(sandbox.upvest, GROUPS.karlPersonal)
    unsubscribe()
    await activateAccountGroup(sandbox.upvest, GROUPS.karlPea)
    expect(seen).toEqual(['ACCOUNT_GROUP.LOCKED'])
    expect(sandbox.store.upvestEvents.size).toBe(2)
  })

  it(`keeps the newest ${MAX_EVENTS} events of the last 24 hours, forgetting older ones as new ones come`, async () => {
    const record = group(GROUPS.documented) as NonNullable<ReturnType<typeof group>>
    const emit = () => accountGroupEvents(sandbox.upvest).emit('ACCOUNT_GROUP.LOCKED', record)
    const first = await emit()
    const second = await emit()
    for (let i = 0; i < MAX_EVENTS - 1; i++) await emit()
    expect(sandbox.store.upvestEvents.size).toBe(MAX_EVENTS)
    expect(sandbox.store.upvestEvents.has(first.id)).toBe(false)
    expect(sandbox.store.upvestEvents.has(second.id)).toBe(true)
    expect(events).toHaveLength(MAX_EVENTS + 1) // every one was handed to the listeners all the same

    await sandbox.clock.advance('23h')
    const recent = await emit()
    expect(sandbox.store.upvestEvents.size).toBe(MAX_EVENTS)
    await sandbox.clock.advance('1h') // the others are 24 h old now, `recent` 1 h
    const last = await emit()
    expect([...sandbox.store.upvestEvents.all()]).toEqual([recent, last])
  })
})
