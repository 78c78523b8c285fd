import { type EngineResponse, emptyResponse, jsonResponse } from '../../engine/EngineResponse.js'
import { JSON_API } from './jsonApiError.js'

/**
 * A JSON:API success document with Addepar's media type (docs/addepar.md#media-types), given as an object or as its JSON text;
 * `null` is the 204 of writes without content.
 */
export function jsonApiDocument(document: object | string | null, status = 200): EngineResponse {
  if (document === null) return emptyResponse(204)
  return jsonResponse(status, document, {}, JSON_API)
}
