import { defineConfig } from 'playwright/test'
import type { SandboxTestOptions, SandboxWorkerOptions } from '../../src/playwright.js'
import { CHROMIUM_LAUNCH_OPTIONS } from '../support/chromium.js'

// The example app's end-to-end tests (docs/testing.md#playwright): four workers against ONE local server, each
// test in its own sandbox. globalSetup starts that server unless SANDBOX_URL names one (test/e2e/ci-shape.sh
// starts it with the CLI, as a CI job would), and serves the app with Vite. Debian's Chromium, nothing downloaded.
export default defineConfig<SandboxTestOptions, SandboxWorkerOptions>({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  globalSetup: './globalSetup.ts',
  fullyParallel: true,
  workers: 4,
  retries: 0,
  forbidOnly: true,
  timeout: 60_000,
  // Four browsers, the server and Vite share the machine: give assertions room on a small CI runner.
  expect: { timeout: 15_000 },
  reporter: [['list']],
  outputDir: '../../node_modules/.cache/e2e-results',
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: CHROMIUM_LAUNCH_OPTIONS,
    trace: 'off',
    screenshot: 'off',
    video: 'off',
    serviceWorkers: 'block',
  },
})
