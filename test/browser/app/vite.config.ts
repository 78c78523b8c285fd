// Runs the example app on its own: `npx vite test/browser/app` (the worker script comes from msw's plugin).
import { msw } from 'msw/vite'
import { defineConfig } from 'vite'

export default defineConfig({ plugins: [msw({ mode: 'worker-only' })] })
