import type { Route } from '../engine/Provider.js'
import type { HttpMethod, Operation, PathItem } from './types.js'

/**
 * The `paths` of an OpenAPI document, read from a route table: each route under its path template
 * (`:param` becomes `{param}`) and its lowercased method, so the document lists exactly what is served.
 */
export function openApiPaths<C>(routes: readonly Route<C>[]): Record<string, PathItem> {
  const paths: Record<string, PathItem> = {}
  for (const route of routes) {
    const template = route.path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}')
    // The routes of a documented provider declare OpenAPI operation objects (its route helpers take nothing else).
    paths[template] = { ...paths[template], [route.method.toLowerCase() as HttpMethod]: route.operation as Operation }
  }
  return paths
}
