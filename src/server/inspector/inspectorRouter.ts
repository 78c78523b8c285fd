import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import express, { type Request, type Response } from 'express'

const require = createRequire(import.meta.url)
const here = dirname(fileURLToPath(import.meta.url))

/**
 * The files the page may load, by the name it asks for: its own script and style, and preact and htm
 * from node_modules (resolved like imports, so the page works offline and with any package layout).
 * Nothing else under node_modules is reachable.
 */
const ASSETS = new Map([
  ['inspector.js', join(here, 'public/inspector.js')],
  ['inspector.css', join(here, 'public/inspector.css')],
  ['vendor/preact.mjs', require.resolve('preact')],
  ['vendor/hooks.mjs', require.resolve('preact/hooks')],
  // htm's exports map gives `require` its CommonJS build; the ES module sits beside it.
  ['vendor/htm.mjs', join(dirname(require.resolve('htm')), 'htm.mjs')],
])

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>wealth-sandbox inspector</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/__sandbox/inspector/inspector.css">
<script type="importmap">
{"imports": {
  "preact": "/__sandbox/inspector/vendor/preact.mjs",
  "preact/hooks": "/__sandbox/inspector/vendor/hooks.mjs",
  "htm": "/__sandbox/inspector/vendor/htm.mjs"
}}
</script>
<script type="module" src="/__sandbox/inspector/inspector.js"></script>
</head>
<body><main id="app">Loading the inspector…</main></body>
</html>
`

/** The inspector: a page at `/__sandbox/` that polls the control API and shows one sandbox live. */
export function inspectorRouter(): express.Router {
  const router = express.Router()
  router.get('/__sandbox', (_req: Request, res: Response) => {
    res.type('html').set('cache-control', 'no-cache').send(PAGE)
  })
  router.get('/__sandbox/inspector/*asset', (req: Request, res: Response) => {
    const name = ([] as string[]).concat(req.params.asset ?? []).join('/')
    const file = ASSETS.get(name)
    if (!file) {
      res.status(404).json({ error: `No inspector asset ${name}` })
      return
    }
    res.type(name.endsWith('.css') ? 'text/css' : 'text/javascript')
    res.sendFile(file, { headers: { 'cache-control': 'no-cache' } })
  })
  return router
}
