import { addeparOpenApi } from '../addepar/openapi/openapi.js'
import type { DriftFinding } from '../contract/driftFinding.js'
import type { EngineRequest } from '../engine/EngineRequest.js'
import type { EngineResponse } from '../engine/EngineResponse.js'
import type { Sandbox } from '../sandbox/createSandbox.js'
import { upvestOpenApi } from '../upvest/openapi/openapi.js'
import { DriftChecker, type ProviderAnswer } from './DriftChecker.js'
import { forwardToUpstream } from './forwardToUpstream.js'
import { redactBody } from './redactBody.js'
import { redactHeaders } from './redactHeaders.js'
import type { ScenarioRecorder } from './ScenarioRecorder.js'
import { UpstreamError } from './UpstreamError.js'
import type { UpstreamCredentials } from './upstreamCredentials.js'

type ProviderApi = 'upvest' | 'addepar'

export interface DriftProxyOptions {
  /** Base URLs of the real providers; an API without one answers 502. */
  upstreams: Partial<Record<ProviderApi, string>>
  credentials: UpstreamCredentials
  /** How long an upstream may take to answer completely before the app gets a 504. */
  timeoutMs: number
  recorder?: ScenarioRecorder
}

const parsesAsJson = (text: string) => {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

/**
 * Proxy mode (docs/drift.md#proxy): the local server passes the app's Upvest and Addepar requests to the real
 * providers and their answers back, and holds every answer to the sandbox's own OpenAPI documents
 * (`DriftChecker`). Each exchange goes to the sandbox's journal with its findings, headers and bodies
 * redacted to shapes; an upstream that gives no usable answer is a 502 or 504 in the provider's format.
 */
export class DriftProxy {
  readonly #checkers: Record<ProviderApi, DriftChecker>

  constructor(readonly options: DriftProxyOptions) {
    this.#checkers = {
      upvest: new DriftChecker('upvest', upvestOpenApi()),
      addepar: new DriftChecker('addepar', addeparOpenApi()),
    }
  }

  async answer(
    api: ProviderApi,
    request: EngineRequest,
    sandbox: Pick<Sandbox, 'journal' | 'errorFor' | 'now'>,
    id: string,
  ): Promise<EngineResponse> {
    const startedAt = Date.now()
    const started = performance.now()
    let response: EngineResponse
    let answer: ProviderAnswer | undefined
    let drift: DriftFinding[] = []
    let upstreamError: string | undefined
    try {
      const base = this.options.upstreams[api]
      if (!base) throw new UpstreamError(502, `proxy mode: no upstream for ${api} (--${api}-upstream)`)
      answer = await forwardToUpstream({ api, base, ...this.options }, request)
      drift = this.#checkers[api].check(request.method, request.path, answer)
      if (answer.body !== '' && !parsesAsJson(answer.body)) {
        throw new UpstreamError(
          502,
          `upstream answered ${answer.status} with a body that is not JSON (${answer.headers.get('content-type') ?? 'no content-type'})`,
        )
      }
      if (answer.status >= 200 && answer.status < 300 && answer.body !== '') {
        const { operationId } = this.#checkers[api].operation(request.method, request.path)
        await this.options.recorder?.record(api, operationId, JSON.parse(answer.body))
      }
      response = {
        status: answer.status,
        headers: Object.fromEntries(answer.headers),
        body: answer.body === '' ? null : answer.body,
      }
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error
      upstreamError = error.message
      response = sandbox.errorFor(api, request, error.status, error.message)
    }
    sandbox.journal.record({
      sandbox: id,
      api,
      method: request.method,
      url: `${request.pathname}${request.search}`,
      status: response.status,
      startedAt,
      durationMs: performance.now() - started,
      clock: sandbox.now(),
      requestHeaders: redactHeaders(request.headers.entries()),
      requestBody: redactBody(request.text(), request.headers.get('content-type')),
      responseHeaders: redactHeaders(Object.entries(response.headers)),
      responseBody:
        answer === undefined || upstreamError
          ? response.body
          : redactBody(answer.body, answer.headers.get('content-type')),
      drift,
      upstreamError,
    })
    return response
  }
}
