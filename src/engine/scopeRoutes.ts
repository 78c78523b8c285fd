import type { Route } from './Provider.js'

/**
 * Routes written for a narrower context, served under a wider one: the composition file uses it to let
 * one provider (the control API) serve routes that another provider declares for its own context.
 */
export function scopeRoutes<Wide, Narrow>(
  routes: readonly Route<Narrow>[],
  narrow: (ctx: Wide) => Narrow,
): Route<Wide>[] {
  return routes.map((route) => ({
    method: route.method,
    path: route.path,
    operation: route.operation,
    ...(route.scopes ? { scopes: route.scopes } : {}),
    handle: (call) => route.handle({ ...call, ctx: narrow(call.ctx), route }),
  }))
}
