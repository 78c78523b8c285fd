import { playwright } from '@vitest/browser-playwright'
import { msw } from 'msw/vite'
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config'
import { CHROMIUM_LAUNCH_OPTIONS } from './test/support/chromium.js'

// The kinds of test, each a Vitest project (`vitest run --project <kind>`); docs/testing.md#kinds says what each
// is for. Every kind checks each response of the sandbox's APIs against the OpenAPI documents (setup.ts in Node,
// setup.browser.ts in Chromium).
const node = (name: string, include: string[]): TestProjectInlineConfiguration => ({
  test: {
    name,
    include,
    environment: 'node',
    setupFiles: ['test/contract/setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})

export default defineConfig({
  test: {
    projects: [
      // rules and building blocks, beside their module, without HTTP
      node('unit', ['src/**/*.test.ts']),
      // each API through an in-process sandbox, as a client sees it
      node('api', ['test/api/**/*.test.ts']),
      // the local server over real HTTP: CLI, control API, persistence
      node('http', ['test/http/**/*.test.ts']),
      // documents, statuses and docs against the contract
      node('contract', ['test/contract/**/*.test.ts']),
      // the packed tarball installed into a fresh project
      node('package', ['test/package/**/*.test.ts']),
      // the browser runtime and the example app in Debian's Chromium, under a service worker
      {
        plugins: [msw({ mode: 'worker-only' })],
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          setupFiles: ['test/contract/setup.browser.ts'],
          testTimeout: 30_000,
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            instances: [{ browser: 'chromium' }],
            provider: playwright({
              launchOptions: CHROMIUM_LAUNCH_OPTIONS,
            }),
          },
        },
      },
    ],
  },
})
