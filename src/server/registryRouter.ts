import express, { type NextFunction, type Request, type Response } from 'express'
import { ControlError } from '../sandbox/control/ControlError.js'
import type { SandboxRegistry } from './SandboxRegistry.js'

/**
 * The server-wide control routes, about the set of sandboxes rather than one of them:
 * `GET /__sandbox/sandboxes` and `DELETE /__sandbox/sandboxes/{id}`.
 */
export function registryRouter(registry: SandboxRegistry): express.Router {
  const router = express.Router()
  router.get('/__sandbox/sandboxes', async (_req: Request, res: Response, next: NextFunction) => {
    try {
      res.json(await registry.list())
    } catch (error) {
      next(error)
    }
  })
  router.delete('/__sandbox/sandboxes/:id', async (req: Request, res: Response, next: NextFunction) => {
    try {
      await registry.drop(String(req.params.id))
      res.status(204).end()
    } catch (error) {
      if (!(error instanceof ControlError)) return next(error)
      res.status(error.status).json({ error: error.message, field: error.field })
    }
  })
  return router
}
