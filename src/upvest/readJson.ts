import type { EngineRequest } from '../engine/EngineRequest.js'
import { UpvestError } from './UpvestError.js'

/** The request's JSON body, `undefined` when it has none; malformed JSON is a 400 (docs/upvest.md#validation). */
export function readJson(request: EngineRequest): unknown {
  const text = request.text()
  if (text.trim() === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    throw new UpvestError(400, 'request body: malformed JSON')
  }
}
