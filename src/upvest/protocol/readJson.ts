import type { EngineRequest } from '../../engine/EngineRequest.js'
import { UpvestError } from './UpvestError.js'

/** Far deeper than any Upvest body (three levels at most); rules that walk a body recursively stay safe. */
const MAX_JSON_DEPTH = 32

/**
 * The request's JSON body, `undefined` when it has none; malformed JSON, or JSON nested deeper than
 * `MAX_JSON_DEPTH`, is a 400 naming the field (docs/upvest.md#validation).
 */
export function readJson(request: EngineRequest): unknown {
  const text = request.text()
  if (text.trim() === '') return undefined
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw new UpvestError(400, 'request body: malformed JSON')
  }
  const deep = openers(text) > MAX_JSON_DEPTH ? tooDeep(body) : null
  if (deep) throw new UpvestError(400, `${deep}: nested more than ${MAX_JSON_DEPTH} levels deep`)
  return body
}

/** How many `{` and `[` the text holds, in strings too: no value in it nests deeper than that. */
function openers(text: string): number {
  let count = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code === 123 || code === 91) count++
  }
  return count
}

/**
 * Where a value nests deeper than the limit, by its members' names (`config.delay`; `request body` for the
 * body itself), or null. A loop over an explicit stack, so that the check cannot overflow the call stack
 * it protects.
 */
function tooDeep(body: unknown): string | null {
  const stack: { value: unknown; depth: number; field: string }[] = [{ value: body, depth: 0, field: '' }]
  for (let item = stack.pop(); item; item = stack.pop()) {
    const { value, depth, field } = item
    if (value === null || typeof value !== 'object') continue
    if (depth === MAX_JSON_DEPTH) return field || 'request body'
    const array = Array.isArray(value)
    for (const [key, member] of Object.entries(value)) {
      stack.push({ value: member, depth: depth + 1, field: array ? field : field ? `${field}.${key}` : key })
    }
  }
  return null
}
