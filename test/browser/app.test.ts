import { afterEach, describe, expect, it } from 'vitest'
import type { Sandbox } from '../../src/browser.js'
import { checkFrame } from '../contract/internal/checkEveryExchange.js'
import { DOCUMENTED_GROUP_5 } from '../support/addepar.js'

interface App {
  sandbox: Sandbox
  createAccountGroup(): Promise<{ id: string; status: string }>
  closeAccountGroup(id: string): Promise<void>
  refreshAccountGroup(id: string): Promise<{ id: string; status: string }>
}
type AppWindow = Window & { app: App }

const frames: HTMLIFrameElement[] = []
afterEach(() => {
  for (const frame of frames.splice(0)) frame.remove()
  sessionStorage.clear()
})

/** The app's window once it is ready, its `fetch` checked against the documents from then on. */
async function ready(frame: HTMLIFrameElement): Promise<AppWindow> {
  for (let i = 0; i < 300; i++) {
    if (frame.contentDocument?.body?.dataset.ready === 'true') {
      const win = frame.contentWindow as AppWindow
      checkFrame(win)
      return win
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error('the example app did not become ready')
}

/** Opens the example app (test/browser/app) in an iframe of this page's origin. */
async function openApp(query: string): Promise<{ frame: HTMLIFrameElement; win: AppWindow }> {
  const frame = document.createElement('iframe')
  frame.src = `/test/browser/app/index.html?${query}`
  frame.style.width = '800px'
  document.body.append(frame)
  frames.push(frame)
  return { frame, win: await ready(frame) }
}

async function reload(frame: HTMLIFrameElement): Promise<AppWindow> {
  frame.contentDocument?.body.removeAttribute('data-ready')
  frame.contentWindow?.location.reload()
  await new Promise((resolve) => setTimeout(resolve, 100))
  return ready(frame)
}

describe('example app on the browser sandbox', () => {
  it('runs under a service worker that controls the page and renders groups with their members', async () => {
    const { frame, win } = await openApp('clock=frozen')
    expect(win.navigator.serviceWorker.controller).not.toBeNull()
    const text = frame.contentDocument?.getElementById('groups')?.textContent ?? ''
    expect(frame.contentDocument?.getElementById('group-5')?.textContent).toBe(
      'Group 1: Whitaker Family Trust, Whitaker Holdings LLC, Brokerage 4471',
    )
    expect(text).toContain('Group 2: Maria Okafor, Okafor Revocable Trust, Okafor Ventures Inc., Custody 8823')
    expect(text).toContain('Empty Prospects: no members')
  })

  it("answers the app's real origins with the same bodies as in Node", async () => {
    const { win } = await openApp('clock=frozen')
    const response = await win.fetch('https://examplefirm.addepar.com/api/v1/groups/5', {
      headers: { authorization: `Basic ${btoa('sandbox-admin-key:sandbox-admin-secret')}`, 'addepar-firm': '123' },
    })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual(DOCUMENTED_GROUP_5)
  })

  it('creates and closes an account group through the real Upvest URLs, the closure driven by the clock', async () => {
    const { frame, win } = await openApp('clock=frozen')
    const created = await win.app.createAccountGroup()
    expect(created.status).toBe('ACTIVE')
    const row = () => frame.contentDocument?.getElementById(`account-group-${created.id}`)?.textContent
    expect(row()).toContain('ISA')
    frame.contentDocument?.querySelector<HTMLButtonElement>(`#account-group-${created.id} button`)?.click()
    await expect.poll(row).toContain('CLOSING')
    await win.app.sandbox.clock.advance('5s')
    // The closure event reaches the page, which updates the row without asking the API.
    const events = frame.contentDocument?.getElementById('events')?.textContent ?? ''
    expect(events).toContain(`ACCOUNT_GROUP.CREATED ${created.id}`)
    expect(events).toContain(`ACCOUNT_GROUP.CLOSING_INITIATED ${created.id}`)
    expect(events).toContain(`ACCOUNT_GROUP.CLOSED ${created.id}`)
    expect(row()).toContain('CLOSED')
    expect((await win.app.refreshAccountGroup(created.id)).status).toBe('CLOSED')
    expect(win.app.sandbox.webhooks.deliveries()).toEqual([])
  })

  it('keeps the state across a reload with persist=session, restored exactly, and not without', async () => {
    const persisted = await openApp('clock=frozen&persist=session')
    const created = await persisted.win.app.createAccountGroup()
    const before = JSON.stringify(persisted.win.app.sandbox.exportState().store)
    const reloaded = await reload(persisted.frame)
    expect(JSON.stringify(reloaded.app.sandbox.exportState().store)).toBe(before)
    expect((await reloaded.app.refreshAccountGroup(created.id)).status).toBe('ACTIVE')

    await reloaded.app.sandbox.reset()
    const afterReset = await reload(persisted.frame)
    expect(afterReset.app.sandbox.store.upvestAccountGroups.has(created.id)).toBe(false)

    const plain = await openApp('clock=frozen')
    const lost = await plain.win.app.createAccountGroup()
    const fresh = await reload(plain.frame)
    expect(fresh.app.sandbox.store.upvestAccountGroups.has(lost.id)).toBe(false)
  })
})
