import { HttpResponse } from 'msw'
import { JSON_API } from './jsonApiError.js'

/**
 * A JSON:API success document with Addepar's media type (A2), given as an object or as its JSON text;
 * `null` is the 204 of writes without content.
 */
export function jsonApiDocument(document: object | string | null, status = 200): HttpResponse<string> {
  if (document === null) return new HttpResponse(null, { status: 204 })
  const body = typeof document === 'string' ? document : JSON.stringify(document)
  return new HttpResponse(body, { status, headers: { 'content-type': JSON_API } })
}
