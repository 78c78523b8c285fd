import { parseDuration } from '../sandbox/time/parseDuration.js'

export interface WaitForServerOptions {
  /** How long to wait in all: a duration (`'30s'`) or milliseconds; 30 s by default. */
  timeout?: string | number
  /** Pause between two attempts, in ms; 250 by default. */
  interval?: number
}

/**
 * Resolves once `GET <url>/__sandbox/health` answers 200 (docs/ci.md#wait), for CI jobs and test set-ups that
 * start the server in the background; rejects with the last failure when `timeout` runs out.
 */
export async function waitForServer(url: string, options: WaitForServerOptions = {}): Promise<void> {
  const timeout = parseDuration(options.timeout ?? '30s')
  const interval = options.interval ?? 250
  const health = new URL('__sandbox/health', url.endsWith('/') ? url : `${url}/`)
  const deadline = Date.now() + timeout
  let last = 'no attempt'
  for (;;) {
    const left = deadline - Date.now()
    try {
      const response = await fetch(health, { signal: AbortSignal.timeout(Math.max(1, Math.min(left, 5000))) })
      await response.body?.cancel()
      if (response.status === 200) return
      last = `status ${response.status}`
    } catch (error) {
      const cause = (error as Error & { cause?: { code?: string } }).cause
      last = cause?.code ?? (error as Error).message
    }
    if (Date.now() + interval > deadline) {
      throw new Error(`${health.href} did not answer 200 within ${timeout} ms (last: ${last})`)
    }
    await new Promise((resolve) => setTimeout(resolve, interval))
  }
}
