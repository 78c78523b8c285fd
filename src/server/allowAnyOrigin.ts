import type { IncomingMessage, ServerResponse } from 'node:http'

/**
 * CORS for the provider APIs (docs/security.md): any origin may call them, as a page served by a dev server on
 * another port does. Every answer allows any origin and exposes `exposedHeaders`; every OPTIONS is a
 * preflight, answered 204 at once with the methods the APIs use and the request headers the page asked for
 * (the returned function then says `true`: the request is answered). A few lines of our own rather than the
 * `cors` package: this one policy uses none of its options, and the server has one optional peer dependency
 * fewer for its users to install.
 */
export function allowAnyOrigin(exposedHeaders: readonly string[]) {
  const exposed = exposedHeaders.join(',')
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    res.setHeader('Access-Control-Allow-Origin', '*')
    res.setHeader('Access-Control-Expose-Headers', exposed)
    if (req.method !== 'OPTIONS') return false
    res.setHeader('Access-Control-Allow-Methods', 'GET,HEAD,PUT,PATCH,POST,DELETE')
    res.setHeader('Vary', 'Access-Control-Request-Headers')
    const requested = req.headers['access-control-request-headers']
    if (requested) res.setHeader('Access-Control-Allow-Headers', requested)
    res.writeHead(204, { 'Content-Length': '0' }).end()
    return true
  }
}
