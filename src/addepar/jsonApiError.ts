import { HttpResponse } from 'msw'

export const JSON_API = 'application/vnd.api+json'

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
}

export interface JsonApiErrorOptions {
  /** JSON pointer to the field at fault (A8). */
  pointer?: string
  headers?: Record<string, string>
}

/** An Addepar error document: `errors[]` with `status` as a string (A8). */
export function jsonApiError(status: number, detail: string, options: JsonApiErrorOptions = {}): HttpResponse<string> {
  const error: Record<string, unknown> = { status: String(status), title: TITLES[status] ?? 'Error', detail }
  if (options.pointer) error.source = { pointer: options.pointer }
  return new HttpResponse(JSON.stringify({ errors: [error] }), {
    status,
    headers: { 'content-type': JSON_API, ...options.headers },
  })
}
