/**
 * A real provider that gave no usable answer: refused, unreachable, a TLS failure or something that is not
 * JSON (502), or no answer in time (504). Proxy mode answers it in the provider's own error format.
 */
export class UpstreamError extends Error {
  constructor(
    readonly status: 502 | 504,
    message: string,
  ) {
    super(message)
    this.name = 'UpstreamError'
  }

  /** What a failed `fetch` to `url` means, in words a person can act on. */
  static from(error: unknown, url: string, timeoutMs: number): UpstreamError {
    if (error instanceof UpstreamError) return error
    const { name, message } = error as Error
    const where = new URL(url).origin
    if (name === 'TimeoutError' || name === 'AbortError') {
      return new UpstreamError(504, `upstream ${where} did not answer within ${timeoutMs} ms`)
    }
    const cause = (error as { cause?: { code?: string; message?: string } }).cause
    const code = cause?.code ?? ''
    if (code === 'ECONNREFUSED') return new UpstreamError(502, `upstream ${where} refused the connection`)
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new UpstreamError(502, `upstream ${where}: no such host`)
    if (/CERT|TLS|SSL|EPROTO/.test(code) || /SSL|TLS|certificate/i.test(cause?.message ?? '')) {
      return new UpstreamError(502, `upstream ${where}: TLS error (${code || cause?.message})`)
    }
    if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') {
      return new UpstreamError(502, `upstream ${where} closed the connection without an answer`)
    }
    return new UpstreamError(502, `upstream ${where}: ${cause?.message ?? message}`)
  }
}
