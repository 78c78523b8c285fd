import { Query } from '@msw/data'
import { type SetupWorker, type StartOptions, setupWorker } from 'msw/browser'
import { type CreateSandboxOptions, createSandbox, type Sandbox } from './index.js'
import { provideQueryClass } from './store/queryClass.js'

// A page cannot load the store's query builder on first use, as Node does: it comes with this entry.
provideQueryClass(Query)

export interface BrowserSandboxOptions extends CreateSandboxOptions {
  /**
   * `real` (the default in a page): the clock follows the wall clock and due jobs (closures, webhook
   * retries) run by themselves, as on the local server. `frozen`: time moves only through `clock.advance()`.
   */
  clock?: CreateSandboxOptions['clock']
  /**
   * Keep the state across page reloads in `sessionStorage` (`session`) or `localStorage` (`local`);
   * `reset()` clears it. Off by default: every load starts from the scenario.
   */
  persist?: 'session' | 'local' | false
  /** Passed to msw's `worker.start()`, e.g. `{ serviceWorker: { url: '/mockServiceWorker.js' } }`. */
  worker?: StartOptions
}

export interface BrowserSandbox {
  sandbox: Sandbox
  worker: SetupWorker
  stop(): void
}

// How often jobs that fell due on a clock following real time are run, as on the local server.
const TICK_MS = 100

/** Resolves once a service worker controls the page, so the app's first request is already mocked. */
async function controlled(): Promise<void> {
  if (navigator.serviceWorker.controller) return
  await new Promise<void>((resolve) =>
    navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }),
  )
}

function storageKey(sandbox: Sandbox): string {
  return `wealth-sandbox:${sandbox.scenario.name}:${sandbox.seed}`
}

/** Saves the state after changes (debounced to one write per task) and when the page goes away. */
function persistTo(storage: Storage, sandbox: Sandbox, worker: SetupWorker): () => void {
  const key = storageKey(sandbox)
  let pending: ReturnType<typeof setTimeout> | undefined
  const save = () => {
    pending = undefined
    try {
      storage.setItem(key, JSON.stringify(sandbox.exportState()))
    } catch (error) {
      console.warn(`wealth-sandbox: cannot persist the state (${(error as Error).message})`)
    }
  }
  const schedule = () => {
    pending ??= setTimeout(save, 0)
  }
  worker.events.on('response:mocked', schedule)
  addEventListener('pagehide', save)
  sandbox.onReset(() => {
    clearTimeout(pending)
    pending = undefined
    storage.removeItem(key)
  })
  return () => {
    worker.events.removeListener('response:mocked', schedule)
    removeEventListener('pagehide', save)
  }
}

/**
 * Builds a sandbox in the page and serves both APIs' real origins (or `baseUrls`) from msw's service
 * worker. The app owns the worker script: `npx msw init public --save`, or msw's Vite plugin.
 */
export async function startBrowserSandbox(options: BrowserSandboxOptions = {}): Promise<BrowserSandbox> {
  const sandbox = await createSandbox({ ...options, clock: options.clock ?? 'real' })
  const storage = options.persist === 'local' ? localStorage : options.persist === 'session' ? sessionStorage : null
  const saved = storage?.getItem(storageKey(sandbox))
  if (storage && saved) {
    try {
      await sandbox.importState(JSON.parse(saved))
    } catch (error) {
      console.warn(`wealth-sandbox: ignoring the saved state (${(error as Error).message})`)
      storage.removeItem(storageKey(sandbox))
    }
  }
  const worker = setupWorker(...sandbox.handlers)
  await worker.start({ quiet: true, onUnhandledFrame: 'bypass', ...options.worker })
  await controlled()
  const unpersist = storage ? persistTo(storage, sandbox, worker) : () => {}
  // A failing job is logged, as on the local server: a rejection nobody handles would end up as the page's
  // unhandled rejection, failing test runners that watch for them. One run at a time, so none pile up.
  let running = false
  const ticker = setInterval(() => {
    if (running) return
    running = true
    sandbox
      .runDueJobs()
      .catch((error: unknown) => console.error('wealth-sandbox: a scheduled job failed:', error))
      .finally(() => {
        running = false
      })
  }, TICK_MS)
  return {
    sandbox,
    worker,
    stop() {
      clearInterval(ticker)
      unpersist()
      worker.stop()
    },
  }
}

export * from './index.js'
