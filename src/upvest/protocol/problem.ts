import { type EngineResponse, jsonResponse } from '../../engine/EngineResponse.js'
import type { ProblemDetails } from '../resources.js'

const TITLES: Record<number, [slug: string, title: string]> = {
  400: ['bad_request', 'Bad Request'],
  401: ['unauthorised', 'Unauthorised'],
  403: ['forbidden', 'Forbidden'],
  404: ['not_found', 'Not Found'],
  406: ['not_acceptable', 'Not Acceptable'],
  408: ['request_timeout', 'Request Timeout'],
  409: ['conflict', 'Conflict'],
  413: ['content_too_large', 'Content Too Large'],
  415: ['unsupported_media_type', 'Unsupported Media Type'],
  417: ['expectation_failed', 'Expectation Failed'],
  422: ['unprocessable_entity', 'Unprocessable Entity'],
  429: ['too_many_requests', 'Too Many Requests'],
  431: ['request_header_fields_too_large', 'Request Header Fields Too Large'],
  500: ['internal_server_error', 'Internal Server Error'],
  502: ['bad_gateway', 'Bad Gateway'],
  503: ['service_unavailable', 'Service Unavailable'],
  504: ['gateway_timeout', 'Gateway Timeout'],
}

export interface ProblemOptions {
  /** The request path, echoed as `instance` (docs/upvest.md#error-body). */
  instance: string
  requestId: string
  title?: string
  /** The last segment of the type URL, when it differs from the status's default (docs/upvest.md#error-types). */
  type?: string
  headers?: Record<string, string>
}

/** An Upvest error: RFC 9457 problem details with all six fields (docs/upvest.md#error-body) and the request id header (docs/upvest.md#request-id). */
export function problem(status: number, detail: string, options: ProblemOptions): EngineResponse {
  const [slug, title] = TITLES[status] ?? ['internal_server_error', 'Internal Server Error']
  const body: ProblemDetails = {
    type: `https://docs.upvest.co/errors/${options.type ?? slug}`,
    status,
    title: options.title ?? title,
    detail,
    instance: options.instance,
    request_id: options.requestId,
  }
  return jsonResponse(
    status,
    body,
    { 'upvest-request-id': options.requestId, ...options.headers },
    'application/problem+json',
  )
}
