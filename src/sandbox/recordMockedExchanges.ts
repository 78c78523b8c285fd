import type { Sandbox } from './createSandbox.js'

type Listener = (event: { requestId: string; request: Request; response?: Response }) => void
type EventType = 'request:start' | 'request:unhandled' | 'response:mocked' | 'response:bypass'

/** The part of msw's `server.events` (setupServer) or `worker.events` (setupWorker) the journal listens to. */
export interface LifeCycleEvents {
  on(type: EventType, listener: Listener): unknown
  removeListener(type: EventType, listener: Listener): unknown
}

const MAX_IN_FLIGHT = 1000

async function text(message: Request | Response): Promise<string | null> {
  try {
    return await message.clone().text()
  } catch {
    // A body already read by a handler cannot be cloned any more; the entry then has none.
    return null
  }
}

/**
 * In-process there is no bridge to journal requests: msw itself answers them. This listens to msw's
 * life-cycle events instead and journals every response mocked for one of the sandbox's base URLs.
 * A dropped connection (`reset` fault) is no mocked response, so in-process it is not journalled.
 * Returns a function that stops listening.
 */
export function recordMockedExchanges(sandbox: Sandbox, events: LifeCycleEvents, sandboxId: string): () => void {
  const started = new Map<string, { wall: number; precise: number }>()
  const onStart: Listener = ({ requestId }) => {
    // A dropped connection (a `reset` fault) ends with no event to clear its entry; keep the map small.
    if (started.size >= MAX_IN_FLIGHT) started.delete(started.keys().next().value as string)
    started.set(requestId, { wall: Date.now(), precise: performance.now() })
  }
  const onDone: Listener = ({ requestId }) => {
    started.delete(requestId)
  }
  const onMocked: Listener = ({ requestId, request, response }) => {
    const start = started.get(requestId) ?? { wall: Date.now(), precise: performance.now() }
    started.delete(requestId)
    const api = request.url.startsWith(sandbox.baseUrls.upvest)
      ? 'upvest'
      : request.url.startsWith(sandbox.baseUrls.addepar)
        ? 'addepar'
        : null
    if (!api || !response) return
    const durationMs = performance.now() - start.precise
    const url = new URL(request.url)
    void Promise.all([text(request), text(response)]).then(([requestBody, responseBody]) =>
      sandbox.journal.record({
        sandbox: sandboxId,
        api,
        method: request.method,
        url: url.pathname + url.search,
        status: response.status,
        startedAt: start.wall,
        durationMs,
        clock: sandbox.now(),
        requestHeaders: request.headers,
        requestBody,
        responseHeaders: response.headers,
        responseBody,
      }),
    )
  }
  const listeners: [EventType, Listener][] = [
    ['request:start', onStart],
    ['request:unhandled', onDone],
    ['response:bypass', onDone],
    ['response:mocked', onMocked],
  ]
  for (const [type, listener] of listeners) events.on(type, listener)
  return () => {
    for (const [type, listener] of listeners) events.removeListener(type, listener)
  }
}
