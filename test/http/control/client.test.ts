import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ControlApi, ControlError, createControlClient, createSandbox } from '../../../src/index.js'
import { type RunningServer, startServer } from '../../../src/node.js'
import { addepar, createGroup } from '../../support/controlCalls.js'

let running: RunningServer

beforeAll(async () => {
  running = await startServer({ port: 0, scenario: 'default', clock: 'frozen' })
})
afterAll(() => running.close())

/** The same script against either implementation of the control API. */
async function exercise(control: ControlApi) {
  expect((await control.info()).scenario).toBe('default')
  expect(await control.advance('90s')).toEqual({ now: '2025-01-15T09:01:30Z', mode: 'frozen' })
  expect(await control.resume()).toMatchObject({ mode: 'real' })
  expect(await control.freeze()).toMatchObject({ mode: 'frozen' })
  const rule = await control.addFault({ path: '/v1/groups/:id', status: 503 })
  expect(await control.faults()).toEqual([rule])
  await control.removeFault(rule.id)
  await control.addFault({ path: '/users', status: 500 })
  await control.clearFaults()
  expect(await control.faults()).toEqual([])
  await expect(control.removeFault('42')).rejects.toMatchObject({ name: 'ControlError', status: 404 })
  await expect(control.addFault({ status: 99 } as never)).rejects.toBeInstanceOf(ControlError)

  const snapshot = await control.snapshot()
  expect(snapshot.definition?.name).toBe('default')
  expect((await control.loadScenario({ name: 'empty' })).scenario).toBe('empty')
  expect((await control.overview()).counts.addeparGroups).toBe(0)
  expect((await control.restore(snapshot)).scenario).toBe('default')
  expect((await control.overview()).counts.addeparGroups).toBe(10)
  await expect(control.loadScenario({ name: 'nope' })).rejects.toMatchObject({ status: 400 })
  expect((await control.reset()).clock).toBe('2025-01-15T09:00:00Z')
  await control.clearRequests()
}

describe('the typed control client', () => {
  it('runs every operation over HTTP (createControlClient) and in-process (sandbox.control) alike', async () => {
    await exercise(createControlClient(running.url, { sandboxId: 'typed' }))
    await exercise((await createSandbox()).control)
  })

  it('reads the journal, lists and drops sandboxes, and addresses other sandboxes', async () => {
    const client = createControlClient(`${running.url}/`)
    expect(await client.health()).toEqual({ status: 'ok' })
    await createGroup(running.url, 'Typed', 'typed-journal')
    await fetch(`${running.url}/v1/groups/404`, { headers: addepar('typed-journal') })
    const other = client.sandbox('typed-journal')
    expect((await other.requests({ status: '4xx' })).map((e) => e.url)).toEqual(['/v1/groups/404'])
    expect((await other.requests({ method: 'POST', limit: 5 })).map((e) => e.status)).toEqual([201])
    expect((await client.sandboxes()).map((s) => s.id)).toContain('typed-journal')
    await client.dropSandbox('typed-journal')
    expect((await client.sandboxes()).map((s) => s.id)).not.toContain('typed-journal')
    await expect(client.dropSandbox('default')).rejects.toMatchObject({ status: 409 })
  })
})
