import type { PathParams, RequestHandler } from 'msw'

interface Entry {
  handler: RequestHandler
  /** Path segments of the handler's URL: a literal, or `{ param }` for a `:param` segment. */
  segments: (string | { param: string })[]
}

export interface HandlerMatch {
  handler: RequestHandler
  /** Path parameters, when the index could match the path itself (else msw will). */
  params: PathParams<string> | undefined
}

function segmentsOf(pathname: string): string[] {
  return pathname.split('/').filter((s) => s !== '')
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

/**
 * Picks, per request, the few handlers that can match it, before msw's `getResponse` runs them.
 * msw tries handlers in order and each try costs a URL parse, a cookie parse and a path match, so
 * narrowing by method and path shape first is what keeps the bridge's cost flat in the number of routes.
 * Handlers it cannot analyse (RegExp or wildcard paths, custom methods) are kept as candidates for every
 * request of their method, so the result is always the same as giving msw the full list.
 */
export class HandlerIndex {
  readonly #buckets = new Map<string, Entry[]>()
  /** Handlers tried for every request of their method (`*` for any method). */
  readonly #always: { handler: RequestHandler; method: string }[] = []
  readonly #position = new Map<RequestHandler, number>()

  constructor(readonly handlers: readonly RequestHandler[]) {
    handlers.forEach((handler, position) => {
      this.#position.set(handler, position)
      const { method, path } = handler.info as { method?: unknown; path?: unknown }
      if (typeof method !== 'string' || typeof path !== 'string' || /[*?()]/.test(path)) {
        this.#always.push({ handler, method: typeof method === 'string' ? method.toUpperCase() : '*' })
        return
      }
      const url = new URL(path)
      const segments = segmentsOf(url.pathname).map((s) => (s.startsWith(':') ? { param: s.slice(1) } : s))
      const key = `${method.toUpperCase()} ${url.origin} ${segments.length}`
      const bucket = this.#buckets.get(key) ?? []
      bucket.push({ handler, segments })
      this.#buckets.set(key, bucket)
    })
  }

  match(method: string, url: URL): HandlerMatch[] {
    const segments = segmentsOf(url.pathname).map(decodeSegment)
    const bucket = this.#buckets.get(`${method.toUpperCase()} ${url.origin} ${segments.length}`) ?? []
    const matches: HandlerMatch[] = []
    for (const entry of bucket) {
      const params: PathParams<string> = {}
      const ok = entry.segments.every((s, i) => {
        if (typeof s === 'string') return s === segments[i]
        params[s.param] = segments[i] as string
        return true
      })
      if (ok) matches.push({ handler: entry.handler, params })
    }
    const always = this.#always.filter((a) => a.method === '*' || a.method === method.toUpperCase())
    if (always.length === 0) return matches
    // Keep msw's first-match-wins order between analysed and unanalysed handlers.
    return [...matches, ...always.map((a) => ({ handler: a.handler, params: undefined }))].sort(
      (a, b) => (this.#position.get(a.handler) as number) - (this.#position.get(b.handler) as number),
    )
  }
}
