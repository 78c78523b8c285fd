import type { RequestHandler } from 'msw'

interface Entry {
  handler: RequestHandler
  /** Path segments of the handler's URL; `null` stands for a parameter (matches any one segment). */
  segments: (string | null)[]
}

function segmentsOf(pathname: string): string[] {
  return pathname.split('/').filter((s) => s !== '')
}

/**
 * Picks, per request, the few handlers that can match it, before msw's `getResponse` runs them.
 * msw tries handlers in order and each try costs a URL parse, a cookie parse and a path match, so
 * narrowing by method and path shape first is what keeps the bridge's cost flat in the number of routes.
 * Handlers it cannot analyse (RegExp or wildcard paths, custom methods) are kept as candidates for every
 * request, so the result is always the same as giving msw the full list.
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
      const segments = segmentsOf(new URL(path).pathname).map((s) => (s.startsWith(':') ? null : s))
      const key = `${method.toUpperCase()} ${new URL(path).origin} ${segments.length}`
      const bucket = this.#buckets.get(key) ?? []
      bucket.push({ handler, segments })
      this.#buckets.set(key, bucket)
    })
  }

  candidates(method: string, url: URL): RequestHandler[] {
    const segments = segmentsOf(url.pathname)
    const bucket = this.#buckets.get(`${method.toUpperCase()} ${url.origin} ${segments.length}`) ?? []
    const matching = bucket
      .filter((entry) =>
        entry.segments.every((s, i) => s === null || s === decodeURIComponentSafe(segments[i] as string)),
      )
      .map((entry) => entry.handler)
    const always = this.#always.filter((a) => a.method === '*' || a.method === method.toUpperCase())
    if (always.length === 0) return matching
    // Keep msw's first-match-wins order between analysed and unanalysed handlers.
    return [...matching, ...always.map((a) => a.handler)].sort(
      (a, b) => (this.#position.get(a) as number) - (this.#position.get(b) as number),
    )
  }
}

function decodeURIComponentSafe(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}
