import type { Request as ExpressRequest } from 'express'

// Hop-by-hop and length headers describe the incoming connection, not the request to re-issue.
const SKIPPED = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive', 'upgrade'])

/** The express request as a Fetch `Request` at `url`, with the raw body the body parser kept. */
export function toFetchRequest(req: ExpressRequest, url: string): Request {
  const headers = new Headers()
  const raw = req.rawHeaders
  for (let i = 0; i < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase()
    if (!SKIPPED.has(name)) headers.append(name, raw[i + 1] as string)
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && Buffer.isBuffer(req.body) && req.body.length > 0
  return new Request(url, { method: req.method, headers, body: hasBody ? (req.body as Uint8Array<ArrayBuffer>) : null })
}
