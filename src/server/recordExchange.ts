import type { Request } from 'express'
import type { Sandbox } from '../sandbox/createSandbox.js'

/**
 * Adds one provider exchange to its sandbox's journal. Everything passed is already at hand (the raw
 * request body, the response's headers and the text just sent), so the cost per request is one object
 * and two short excerpts; formatting waits until someone lists the journal.
 */
export function recordExchange(
  sandbox: Sandbox,
  sandboxId: string,
  api: 'upvest' | 'addepar',
  req: Request,
  response: { status: number; headers: Headers; body: string } | null,
  started: { wall: number; precise: number },
  fault: string | undefined,
): void {
  sandbox.journal.record({
    sandbox: sandboxId,
    api,
    method: req.method,
    url: req.originalUrl,
    status: response ? response.status : 0,
    startedAt: started.wall,
    durationMs: performance.now() - started.precise,
    clock: sandbox.now(),
    requestHeaders: req.headers,
    requestBody: Buffer.isBuffer(req.body) ? req.body : null,
    // The provider's own headers, as the handler set them (not the server's CORS headers).
    responseHeaders: response ? response.headers : null,
    responseBody: response ? response.body : null,
    fault,
  })
}
