/** Header values as Node parses them (lowercase names, repeats joined or listed) or as plain strings. */
export type RawHeaders = Readonly<Record<string, string | readonly string[] | undefined>>

const decoder = new TextDecoder()

export interface EngineRequestInit {
  method: string
  /** The path as it reached the API's origin, e.g. `/api/v1/groups/5`. */
  pathname: string
  /** The path below the provider's base URL, with a leading slash: `/v1/groups/5`, `/account_groups`. */
  path: string
  /** `?a=b`, or the empty string. */
  search: string
  /** The origin the provider's routes answer on, e.g. `https://sandbox.upvest.co`. */
  origin: string
  headers: RawHeaders
  body: Uint8Array | null
}

/**
 * One request as plain values, the same for every runtime: the local server builds it from Node's parsed
 * request (every header the client sent, `host` and `content-length` included), msw from a Fetch
 * `Request`. The query is parsed only when a route asks for it.
 */
export class EngineRequest {
  readonly method: string
  readonly pathname: string
  readonly path: string
  readonly search: string
  readonly origin: string
  readonly headers: RequestHeaders
  readonly body: Uint8Array | null
  #query: URLSearchParams | undefined
  #text: string | undefined

  constructor(init: EngineRequestInit) {
    this.method = init.method.toUpperCase()
    this.pathname = init.pathname
    this.path = init.path
    this.search = init.search
    this.origin = init.origin
    this.headers = new RequestHeaders(init.headers)
    this.body = init.body !== null && init.body.byteLength > 0 ? init.body : null
  }

  get query(): URLSearchParams {
    this.#query ??= new URLSearchParams(this.search)
    return this.#query
  }

  /** The absolute URL at the provider's origin. */
  get url(): string {
    return `${this.origin}${this.pathname}${this.search}`
  }

  /** The body as UTF-8 text; the empty string when there is none. */
  text(): string {
    this.#text ??= this.body === null ? '' : decoder.decode(this.body)
    return this.#text
  }
}

/** What rules need of a request's headers: a Fetch `Headers` serves too. */
export interface HeaderLookup {
  get(name: string): string | null
}

/** Read access to the request's headers by case-insensitive name. */
export class RequestHeaders implements HeaderLookup {
  constructor(readonly raw: RawHeaders) {}

  get(name: string): string | null {
    const value = this.raw[name] ?? this.raw[name.toLowerCase()]
    if (value === undefined) return null
    return typeof value === 'string' ? value : value.join(', ')
  }

  has(name: string): boolean {
    return this.get(name) !== null
  }

  /** Every header as `[name, value]`, names lowercased, in the order they arrived. */
  *entries(): IterableIterator<[string, string]> {
    for (const [name, value] of Object.entries(this.raw)) {
      if (value === undefined) continue
      yield [name.toLowerCase(), typeof value === 'string' ? value : value.join(', ')]
    }
  }
}
