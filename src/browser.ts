import { type SetupWorker, type StartOptions, setupWorker } from 'msw/browser'
import { type CreateSandboxOptions, createSandbox, type Sandbox } from './index.js'

export interface BrowserSandboxOptions extends CreateSandboxOptions {
  /** Passed to msw's `worker.start()`, e.g. `{ serviceWorker: { url: '/mockServiceWorker.js' } }`. */
  worker?: StartOptions
}

export interface BrowserSandbox {
  sandbox: Sandbox
  worker: SetupWorker
  stop(): void
}

/** Resolves once a service worker controls the page, so the app's first request is already mocked. */
async function controlled(): Promise<void> {
  if (navigator.serviceWorker.controller) return
  await new Promise<void>((resolve) =>
    navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }),
  )
}

/**
 * Builds a sandbox in the page and serves both APIs' real origins (or `baseUrls`) from msw's service
 * worker. The app owns the worker script: `npx msw init public --save`, or msw's Vite plugin.
 */
export async function startBrowserSandbox(options: BrowserSandboxOptions = {}): Promise<BrowserSandbox> {
  const sandbox = await createSandbox(options)
  const worker = setupWorker(...sandbox.handlers)
  await worker.start({ quiet: true, onUnhandledFrame: 'bypass', ...options.worker })
  await controlled()
  return { sandbox, worker, stop: () => worker.stop() }
}

export * from './index.js'
