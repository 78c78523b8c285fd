import express, { type NextFunction, type Request, type Response } from 'express'
import { inspectorRouter } from './inspector/inspectorRouter.js'
import { openApiRouter } from './openApiRouter.js'
import { registryRouter } from './registryRouter.js'
import type { SandboxRegistry } from './SandboxRegistry.js'

/**
 * The control plane's express routes (the body limit of snapshots, the list of sandboxes, the inspector, the
 * OpenAPI documents and docs page)
 * behind one prefix check, so that a provider request pays a string comparison for them rather than a
 * route match per route. Mounted before the API body parser: a snapshot may exceed the API's 5 MB limit.
 */
export function sandboxRoutes(registry: SandboxRegistry): express.RequestHandler {
  const router = express.Router()
  router.use('/__sandbox/snapshot', express.raw({ type: () => true, limit: '512mb' }))
  router.use(registryRouter(registry))
  router.use(inspectorRouter())
  router.use(openApiRouter())
  return (req: Request, res: Response, next: NextFunction) =>
    req.url.startsWith('/__sandbox') ? router(req, res, next) : next()
}
