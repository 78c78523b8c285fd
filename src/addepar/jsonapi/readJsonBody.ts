import type { EngineRequest } from '../../engine/EngineRequest.js'
import { AddeparError } from './AddeparError.js'

const ACCEPTED = new Set(['application/vnd.api+json', 'application/json'])

/**
 * The parsed JSON body of a write (docs/addepar.md#media-types): 415 unless it is JSON:API or plain JSON, 400 when it is empty or
 * not JSON. An `optional` body (single DELETE) may be absent altogether, which gives `undefined`.
 */
export function readJsonBody(request: EngineRequest, optional = false): unknown {
  const text = request.text()
  if (optional && text === '') return undefined
  const contentType = request.headers.get('content-type')
  const mediaType = contentType?.split(';', 1)[0]?.trim().toLowerCase() ?? ''
  if (!ACCEPTED.has(mediaType)) {
    throw new AddeparError(
      415,
      `Unsupported Content-Type ${contentType ? `"${contentType}"` : '(none)'}: send application/vnd.api+json`,
    )
  }
  if (text.trim() === '') throw new AddeparError(400, 'A request body is required', { pointer: '' })
  try {
    return JSON.parse(text)
  } catch {
    throw new AddeparError(400, 'The request body is not valid JSON', { pointer: '' })
  }
}
