import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServer, startServer } from '../../../src/node.js'
import { BODY_EXCERPT, Journal } from '../../../src/sandbox/journal/Journal.js'
import { addepar, control, createGroup } from '../../support/controlCalls.js'

let running: RunningServer
let base: string

beforeAll(async () => {
  running = await startServer({ port: 0, scenario: 'default', journalSize: 10 })
  base = running.url
})
afterAll(() => running.close())

describe('the request journal (/__sandbox/requests)', () => {
  it('records each provider exchange with status, headers, body excerpts, duration and sandbox id', async () => {
    const id = 'journal-shape'
    await createGroup(base, 'Journalled', id)
    await fetch(`${base}/account_groups?limit=5`, { headers: { 'x-sandbox-id': id } })
    await control(base, 'GET', 'info', { id }) // the control API is not journalled
    const { status, body } = await control(base, 'GET', 'requests', { id })
    expect(status).toBe(200)
    expect(body).toHaveLength(2)
    const [upvest, created] = body
    expect(upvest).toMatchObject({
      id: 2,
      sandbox: id,
      api: 'upvest',
      method: 'GET',
      url: '/account_groups?limit=5',
      status: 400,
    })
    expect(created).toMatchObject({
      id: 1,
      sandbox: id,
      api: 'addepar',
      method: 'POST',
      url: '/api/v1/groups',
      status: 201,
    })
    expect(created.duration_ms).toBeGreaterThan(0)
    expect(Date.parse(created.time)).toBeLessThanOrEqual(Date.now())
    expect(created.clock).toMatch(/^2025-01-15T09:00:0/)
    expect(created.request.headers['addepar-firm']).toBe('123')
    expect(JSON.parse(created.request.body.text).data.attributes.name).toBe('Journalled')
    expect(created.response.headers['content-type']).toBe('application/vnd.api+json')
    expect(JSON.parse(created.response.body.text).data.attributes.name).toBe('Journalled')
    expect(created.response.body.truncated).toBe(false)
  })

  it('filters by method, path substring, status or status class, limit and after', async () => {
    const id = 'journal-filter'
    await fetch(`${base}/api/v1/groups/5`, { headers: addepar(id) })
    await fetch(`${base}/api/v1/groups/999`, { headers: addepar(id) })
    await createGroup(base, 'Filtered', id)
    const ids = async (query: string) =>
      (await control(base, 'GET', `requests${query}`, { id })).body.map((e: { id: number }) => e.id)
    expect(await ids('')).toEqual([3, 2, 1])
    expect(await ids('?method=post')).toEqual([3])
    expect(await ids('?path=groups/9')).toEqual([2])
    expect(await ids('?status=404')).toEqual([2])
    expect(await ids('?status=2xx')).toEqual([3, 1])
    expect(await ids('?limit=1')).toEqual([3])
    expect(await ids('?after=1')).toEqual([3, 2])
    expect((await control(base, 'GET', 'requests?limit=-1', { id })).status).toBe(400)
    expect((await control(base, 'GET', 'requests?status=teapot', { id })).status).toBe(400)
  })

  it('marks injected faults, including dropped connections (status 0)', async () => {
    const id = 'journal-faults'
    await fetch(`${base}/v1/groups`, { headers: addepar(id, { prefer: 'code=503' }) })
    await fetch(`${base}/v1/groups`, { headers: addepar(id, { 'x-sandbox-fault': 'reset' }) }).catch(() => undefined)
    const [dropped, failed] = (await control(base, 'GET', 'requests', { id })).body
    expect(dropped).toMatchObject({ status: 0, response: null, fault: 'reset (x-sandbox-fault: reset)' })
    expect(failed).toMatchObject({ status: 503, fault: 'status=503 (Prefer: code=503)' })
    expect((await control(base, 'GET', 'requests?status=0', { id })).body).toHaveLength(1)
  })

  it('keeps only the newest --journal-size entries and body excerpts of bounded size', async () => {
    const id = 'journal-bound'
    const big = 'x'.repeat(50_000)
    for (let i = 0; i < 25; i++) {
      await fetch(`${base}/api/v1/groups/query`, { method: 'POST', headers: addepar(id), body: big })
    }
    const { body } = await control(base, 'GET', 'requests?limit=100', { id })
    expect(body).toHaveLength(10)
    expect(body.map((e: { id: number }) => e.id)).toEqual([25, 24, 23, 22, 21, 20, 19, 18, 17, 16])
    expect(body[0].request.body).toEqual({ text: big.slice(0, BODY_EXCERPT), length: 50_000, truncated: true })
    expect((await control(base, 'GET', 'sandboxes')).body.find((s: { id: string }) => s.id === id).requests).toBe(10)
  })

  it('is cleared by DELETE, and ids go on increasing', async () => {
    const id = 'journal-clear'
    await fetch(`${base}/v1/groups/5`, { headers: addepar(id) })
    expect((await control(base, 'DELETE', 'requests', { id })).status).toBe(204)
    expect((await control(base, 'GET', 'requests', { id })).body).toEqual([])
    await fetch(`${base}/v1/groups/5`, { headers: addepar(id) })
    expect((await control(base, 'GET', 'requests', { id })).body.map((e: { id: number }) => e.id)).toEqual([2])
  })
})

describe('Journal', () => {
  it('holds a fixed number of entries however many are recorded, without keeping whole bodies', () => {
    const journal = new Journal(100)
    const body = new Uint8Array(1_000_000).fill(65)
    for (let i = 0; i < 10_000; i++) {
      journal.record({
        sandbox: 'unit',
        api: 'upvest',
        method: 'POST',
        url: `/users/${i}`,
        status: 200,
        startedAt: 0,
        durationMs: 1,
        clock: 0,
        requestHeaders: {},
        requestBody: body,
        responseHeaders: {},
        responseBody: 'y'.repeat(10_000),
      })
    }
    expect(journal.size).toBe(100)
    const entries = journal.list({ limit: 1000 })
    expect(entries).toHaveLength(100)
    expect(entries[0]?.url).toBe('/users/9999')
    expect(entries[99]?.url).toBe('/users/9900')
    for (const entry of entries) {
      expect(entry.request.body?.text.length).toBe(BODY_EXCERPT)
      expect(entry.response?.body?.text.length).toBe(BODY_EXCERPT)
    }
  })
})
