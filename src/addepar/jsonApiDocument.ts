import { HttpResponse } from 'msw'
import { JSON_API } from './jsonApiError.js'

/** A JSON:API success document with Addepar's media type (A2); `null` is the 204 of writes without content. */
export function jsonApiDocument(document: object | null, status = 200): HttpResponse<string> {
  if (document === null) return new HttpResponse(null, { status: 204 })
  return new HttpResponse(JSON.stringify(document), { status, headers: { 'content-type': JSON_API } })
}
