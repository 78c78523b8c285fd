/** One answer as plain values: the adapters write it to a socket (express) or wrap it in a Fetch `Response` (msw). */
export interface EngineResponse {
  status: number
  headers: Record<string, string>
  /** The body text; null for none (202, 204). */
  body: string | null
}

/** An answer of a JSON body (given as a value or as its text) with a media type. */
export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  contentType = 'application/json',
): EngineResponse {
  return {
    status,
    headers: { 'content-type': contentType, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  }
}

/** An answer without a body. */
export function emptyResponse(status: number, headers: Record<string, string> = {}): EngineResponse {
  return { status, headers, body: null }
}
