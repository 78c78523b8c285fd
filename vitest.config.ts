import { playwright } from '@vitest/browser-playwright'
import { msw } from 'msw/vite'
import { defineConfig } from 'vitest/config'
import { CHROMIUM_LAUNCH_OPTIONS } from './test/support/chromium.js'

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/browser/**'],
          // Checks every response of the Upvest and Addepar APIs against the OpenAPI documents.
          setupFiles: ['test/contract/setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        plugins: [msw({ mode: 'worker-only' })],
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
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
