import { openApiPaths } from '../../contract/openApiPaths.js'
import type { OpenApiDocument, OpenApiOptions, Response } from '../../contract/types.js'
import { controlRoutes } from '../../control/controlRoutes.js'
import { upvestOpenApi } from '../../upvest/openapi/openapi.js'
import { upvestControlRoutes } from '../../upvest/routes/upvestControlRoutes.js'

// The control API's own OpenAPI 3.1 document: the routes a sandbox's control mount serves (../mountProviders.ts
// composes the same two tables), in-process, in a page and on the local server alike. The test suite holds
// every control answer to it (docs/contract.md#validation). The Upvest side's sandbox-only routes answer in
// Upvest's format, so the Upvest document's components come along for their references.

const controlErrorResponse = (description: string): Response => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/ControlError' } } },
})

function build(): OpenApiDocument {
  const upvest = upvestOpenApi().components
  return {
    openapi: '3.1.0',
    info: {
      title: 'wealth-sandbox control API',
      version: '1',
      license: { name: 'MIT', identifier: 'MIT' },
      description:
        'Reset, clock, scenarios, snapshots, fault rules, the request journal, and the Upvest side’s back office ' +
        'and webhook outbox (docs/control-api.md#routes). Errors are `{ "error", "field"? }`, the Upvest ' +
        'routes’ problem details.',
    },
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    servers: [{ url: 'http://127.0.0.1:4010/__sandbox', description: 'The local server (`npm start`)' }],
    paths: { ...openApiPaths(controlRoutes), ...openApiPaths(upvestControlRoutes) },
    components: {
      schemas: {
        ...upvest.schemas,
        ControlError: {
          type: 'object',
          properties: {
            error: { type: 'string', description: 'What is wrong.' },
            field: { type: 'string', description: 'The field or parameter at fault, when there is one.' },
          },
          required: ['error'],
          additionalProperties: false,
        },
      },
      responses: upvest.responses,
      headers: upvest.headers,
    },
    'x-unmatched-route': { '404': controlErrorResponse('The local server: no such control route.') },
    'x-local-server': {
      '401': {
        ...controlErrorResponse('With `--control-token`, a missing or wrong token (docs/security.md#token).'),
        headers: { 'WWW-Authenticate': { required: true, schema: { type: 'string', pattern: '^Bearer ' } } },
      },
      '403': controlErrorResponse('Another host name or origin than this server’s own (docs/security.md#origins).'),
      '413': controlErrorResponse('A snapshot over the local server’s 512 MB limit.'),
    },
  }
}

let built: OpenApiDocument | undefined

/** The control API's document; `servers` replaces its servers (the local server serves it with its own URL). */
export function controlOpenApi(options: OpenApiOptions = {}): OpenApiDocument {
  built ??= build()
  const copy = structuredClone(built)
  if (options.servers) copy.servers = options.servers
  return copy
}
