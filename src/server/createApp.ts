import type { RequestListener } from 'node:http'
import type { Express, NextFunction, Request, Response } from 'express'
import type { DriftProxy } from '../drift/DriftProxy.js'
import { answerApis, type BodyReader, engineAnswerer, missingHost } from './answerApis.js'
import { type ControlGuardOptions, controlGuard } from './controlGuard.js'
import { localRoute } from './localRoute.js'
import { requireServerPackages } from './requireServerPackages.js'
import type { SandboxRegistry } from './SandboxRegistry.js'

/** Who may use the control API (docs/security.md), and in proxy mode where the APIs' requests go (docs/drift.md). */
export type CreateAppOptions = ControlGuardOptions & { proxy?: DriftProxy }

/**
 * The local server as one request listener: the provider APIs straight to the engine (`answerApis`), the
 * control plane through express (`createApp`). Express and the other server packages are optional peer
 * dependencies (docs/README.md#install), imported here, when a server is made: a missing one is an error
 * that says what to install, and nothing in-process ever loads them.
 */
export async function createListener(
  registry: SandboxRegistry,
  options: CreateAppOptions = {},
): Promise<{ app: Express; listener: RequestListener }> {
  await requireServerPackages()
  const [{ default: express }, { sandboxRoutes }] = await Promise.all([import('express'), import('./sandboxRoutes.js')])
  const readBody = express.raw({ type: () => true, limit: '5mb' }) as BodyReader
  const answerer = engineAnswerer(registry, options)
  const { answer, fail } = answerer
  const apis = answerApis(answerer, readBody)

  const app = express()
  app.disable('x-powered-by')
  app.disable('etag')
  // Also here for an app used on its own (createApp); the server's listener hands these over before express.
  app.use(apis)
  app.use(controlGuard(options))
  app.use((req: Request, _res: Response, next: NextFunction) => next(missingHost(req)))
  app.use(sandboxRoutes(registry))
  app.use(readBody)
  app.use((req: Request, res: Response) => answer(req, res, localRoute(req.originalUrl), req.body))
  app.use((error: Error, req: Request, res: Response, _next: NextFunction) => fail(req, res, error))
  return { app, listener: (req, res) => apis(req, res, () => app(req, res)) }
}

/**
 * The local server as an express app, the adapter of the engine: it maps the local path onto an API
 * (`localRoute`), hands the request to the sandbox named by `x-sandbox-id` as plain values and writes the
 * answer itself. The provider APIs answer any origin (a frontend on another port calls them); the control
 * API only this server's own pages (`controlGuard`).
 */
export async function createApp(registry: SandboxRegistry, options: CreateAppOptions = {}): Promise<Express> {
  return (await createListener(registry, options)).app
}
