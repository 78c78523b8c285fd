import { type EngineResponse, jsonResponse } from '../../engine/EngineResponse.js'
import type { ErrorDocument, JsonApiErrorObject } from '../resources/resources.js'
import type { AddeparErrorOptions } from './AddeparError.js'

export const JSON_API = 'application/vnd.api+json'

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  417: 'Expectation Failed',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
}

/**
 * An Addepar error document: `errors[]` with `status` as a string (docs/addepar.md#errors). A body member at fault is named by
 * `source.pointer`, a query parameter by `source.parameter` (JSON:API's member for parameters).
 */
export function jsonApiError(status: number, detail: string, options: AddeparErrorOptions = {}): EngineResponse {
  const error: JsonApiErrorObject = { status: String(status), title: TITLES[status] ?? 'Error', detail }
  if (options.pointer !== undefined) error.source = { pointer: options.pointer }
  else if (options.parameter !== undefined) error.source = { parameter: options.parameter }
  const document: ErrorDocument = { errors: [error] }
  return jsonResponse(status, document, options.headers, JSON_API)
}
