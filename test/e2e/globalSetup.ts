import { resolve } from 'node:path'
import { build, preview } from 'vite'
import { startServer } from '../../src/node.js'

const root = resolve(import.meta.dirname, '../..')
const app = resolve(root, 'test/browser/app')
const outDir = resolve(root, 'node_modules/.cache/e2e-app')

/**
 * One local server for the whole run (unless SANDBOX_URL names a running one), and the example app built once
 * and served statically (a bundle loads far faster than Vite's module-by-module dev server in four browsers).
 * Workers inherit both URLs through the environment.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const teardown: (() => Promise<void>)[] = []
  if (!process.env.SANDBOX_URL) {
    const running = await startServer({ port: 0 })
    process.env.SANDBOX_URL = running.url
    teardown.push(() => running.close())
  }
  const configFile = resolve(app, 'vite.config.ts')
  await build({
    root: app,
    configFile,
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 4096 },
  })
  const server = await preview({
    root: app,
    configFile,
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false },
  })
  const url = server.resolvedUrls?.local[0]
  if (!url) throw new Error('vite preview: no local URL')
  process.env.APP_URL = url
  teardown.push(() => server.close())
  return async () => {
    for (const step of teardown.reverse()) await step()
  }
}
