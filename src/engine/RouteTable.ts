import type { Route } from './Provider.js'

interface Compiled<C> {
  route: Route<C>
  /** A literal segment, or the name of a `:param` segment. */
  segments: (string | { param: string })[]
}

export interface RouteMatch<C> {
  route: Route<C>
  params: Record<string, string>
}

function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment)
  } catch {
    return null
  }
}

/**
 * A provider's routes compiled for matching: bucketed by method and segment count, so a request is
 * compared with the few routes of its shape, segment by segment, in time linear in the path. Literal
 * segments win over parameters (`/v1/groups/query` before `/v1/groups/:id`), and an empty segment
 * (`/v1/groups//5`) matches nothing.
 */
export class RouteTable<C> {
  readonly #buckets = new Map<string, Compiled<C>[]>()

  constructor(routes: readonly Route<C>[]) {
    for (const route of routes) {
      const segments = route.path
        .split('/')
        .slice(1)
        .map((s) => (s.startsWith(':') ? { param: s.slice(1) } : s))
      const key = `${route.method} ${segments.length}`
      const bucket = this.#buckets.get(key) ?? []
      bucket.push({ route, segments })
      // Literals first: more literal segments, earlier in the path, make a route more specific.
      bucket.sort((a, b) => specificity(b.segments) - specificity(a.segments))
      this.#buckets.set(key, bucket)
    }
  }

  match(method: string, path: string): RouteMatch<C> | undefined {
    // One trailing slash is the same resource, as in msw (`/v1/groups/` is `/v1/groups`).
    const segments = (path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path).split('/').slice(1)
    const bucket = this.#buckets.get(`${method} ${segments.length}`)
    if (!bucket) return undefined
    for (const { route, segments: pattern } of bucket) {
      const params: Record<string, string> = {}
      let ok = true
      for (let i = 0; i < pattern.length && ok; i++) {
        const expected = pattern[i] as string | { param: string }
        const actual = segments[i] as string
        if (typeof expected === 'string') ok = expected === actual
        else {
          const value = actual === '' ? null : decode(actual)
          if (value === null) ok = false
          else params[expected.param] = value
        }
      }
      if (ok) return { route, params }
    }
    return undefined
  }
}

function specificity(segments: (string | { param: string })[]): number {
  return segments.reduce<number>((sum, s, i) => sum + (typeof s === 'string' ? 2 ** (segments.length - i) : 0), 0)
}
