import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import express, { type Request, type Response } from 'express'
import { ADDEPAR_ORIGIN, addeparOpenApi } from '../addepar/openapi/openapi.js'
import { controlOpenApi } from '../sandbox/control/controlOpenApi.js'
import { UPVEST_ORIGIN, upvestOpenApi } from '../upvest/openapi/openapi.js'

const require = createRequire(import.meta.url)

/** swagger-ui-dist's folder, resolved like an import so that it works with any install layout. */
const SWAGGER_UI = dirname(require.resolve('swagger-ui-dist/package.json'))
/** The only files of swagger-ui-dist the docs page loads; nothing else under node_modules is reachable. */
const ASSETS = new Map([
  ['swagger-ui.css', 'text/css'],
  ['swagger-ui-bundle.js', 'text/javascript'],
  ['swagger-ui-standalone-preset.js', 'text/javascript'],
  ['favicon-32x32.png', 'image/png'],
])

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>wealth-sandbox API reference</title>
<link rel="icon" type="image/png" href="/__sandbox/docs/assets/favicon-32x32.png">
<link rel="stylesheet" href="/__sandbox/docs/assets/swagger-ui.css">
<style>body { margin: 0 } .topbar .download-url-wrapper .select-label span { display: none }
.rules { max-width: 1420px; margin: 8px auto; padding: 0 20px; font: 14px sans-serif; color: #3b4151 }</style>
</head>
<body>
<p class="rules">Every status and rule on this page is explained in the project's documentation,
<code>docs/upvest.md</code> and <code>docs/addepar.md</code> (in the wealth-sandbox repository and npm package):
each one is marked <em>Documented</em>, with the provider's words, or <em>Sandbox choice</em>, with the reason.
References such as <code>docs/upvest.md#gatekeeping</code> in the descriptions point there.</p>
<div id="docs"></div>
<script src="/__sandbox/docs/assets/swagger-ui-bundle.js"></script>
<script src="/__sandbox/docs/assets/swagger-ui-standalone-preset.js"></script>
<script>
  const urls = [
    { name: 'Upvest Investment API', url: '/__sandbox/openapi/upvest.json' },
    { name: 'Addepar API', url: '/__sandbox/openapi/addepar.json' },
    { name: 'wealth-sandbox control API', url: '/__sandbox/openapi/control.json' },
  ]
  // ?api=addepar opens the Addepar document first.
  const wanted = new URLSearchParams(location.search).get('api')
  const primary = urls.find((entry) => entry.url.includes('/' + wanted + '.json')) ?? urls[0]
  window.ui = SwaggerUIBundle({
    urls,
    'urls.primaryName': primary.name,
    dom_id: '#docs',
    deepLinking: true,
    validatorUrl: null,
    displayOperationId: true,
    docExpansion: 'list',
    defaultModelsExpandDepth: 0,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout',
  })
</script>
</body>
</html>
`

/** The base URL the caller reached this server under, e.g. `http://127.0.0.1:4010`. */
function baseUrl(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? '127.0.0.1'}`
}

/**
 * The sandbox's own OpenAPI documents, with this server's base URLs as their first servers, and a docs
 * page rendering them with Swagger UI (swagger-ui-dist, served from node_modules: no CDN, works offline):
 * `GET /__sandbox/openapi/upvest.json`, `.../addepar.json`, `.../control.json`, `GET /__sandbox/docs`.
 */
export function openApiRouter(): express.Router {
  const router = express.Router()
  router.get('/__sandbox/openapi/upvest.json', (req: Request, res: Response) => {
    const base = baseUrl(req)
    res.json(
      upvestOpenApi({
        servers: [
          { url: base, description: 'This local server' },
          { url: UPVEST_ORIGIN, description: 'The real sandbox origin, answered in-process or in the browser' },
        ],
      }),
    )
  })
  router.get('/__sandbox/openapi/addepar.json', (req: Request, res: Response) => {
    const base = baseUrl(req)
    res.json(
      addeparOpenApi({
        servers: [
          { url: `${base}/api`, description: 'This local server' },
          { url: base, description: 'This local server, through the `/v1` alias' },
          { url: ADDEPAR_ORIGIN, description: 'The documented firm origin, answered in-process or in the browser' },
        ],
      }),
    )
  })
  router.get('/__sandbox/openapi/control.json', (req: Request, res: Response) => {
    res.json(controlOpenApi({ servers: [{ url: `${baseUrl(req)}/__sandbox`, description: 'This local server' }] }))
  })
  router.get('/__sandbox/docs', (_req: Request, res: Response) => {
    res.type('html').set('cache-control', 'no-cache').send(PAGE)
  })
  router.get('/__sandbox/docs/assets/:name', (req: Request, res: Response) => {
    const name = String(req.params.name)
    const type = ASSETS.get(name)
    if (!type) {
      res.status(404).json({ error: `No docs asset ${name}` })
      return
    }
    res.type(type).sendFile(join(SWAGGER_UI, name), { headers: { 'cache-control': 'max-age=3600' } })
  })
  return router
}
