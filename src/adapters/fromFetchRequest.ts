import { EngineRequest } from '../engine/EngineRequest.js'

/**
 * A Fetch `Request` to `baseUrl` as the engine's plain request. A page or Fetch client never shows msw the
 * `host` and `content-length` it puts on the wire; they are added here as the wire would carry them, so a
 * signature that covers them verifies in-process as it does on the local server.
 *
 * In the browser both are forbidden header names: a page can neither set nor read them, so a signer in the
 * page can only cover them as the URL's host and the length of the body it sends, the values put here. A
 * request without a body gets no `content-length`: a page cannot send the `Content-Length: 0` some HTTP
 * libraries put on a DELETE, so a signature covering it cannot verify from a page.
 */
export async function fromFetchRequest(
  request: Request,
  baseUrl = new URL(request.url).origin,
): Promise<EngineRequest> {
  const url = new URL(request.url)
  const basePath = new URL(baseUrl).pathname
  const headers: Record<string, string> = {}
  request.headers.forEach((value, name) => {
    headers[name] = value
  })
  headers.host ??= url.host
  // A clone: a request no route takes falls through to the next msw handler with its body unread.
  const body = request.body === null ? null : new Uint8Array(await request.clone().arrayBuffer())
  if (body !== null && headers['content-length'] === undefined) headers['content-length'] = String(body.byteLength)
  return new EngineRequest({
    method: request.method,
    pathname: url.pathname,
    path: `/${url.pathname.slice(basePath.length)}`,
    search: url.search,
    origin: url.origin,
    headers,
    body,
  })
}
