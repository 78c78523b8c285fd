import type { HeaderLookup } from '../engine/EngineRequest.js'
import { UpvestError } from './UpvestError.js'

/** Media ranges that `application/json` satisfies. */
const JSON_RANGES = new Set(['application/json', 'application/*', '*/*'])

/**
 * Steps 1 and 2 of the gatekeeping chain (docs/upvest.md#gatekeeping), shared by every route: a version other than `1` is a
 * 400, an `accept` header that rules out JSON is a 406. Both headers may be left out.
 */
export function negotiate(headers: HeaderLookup): void {
  const version = headers.get('upvest-api-version')
  if (version !== null && version.trim() !== '1') {
    throw new UpvestError(400, `upvest-api-version: unsupported version "${version}"; the only version is "1"`)
  }
  const accept = headers.get('accept')
  if (accept !== null && accept.trim() !== '' && !acceptsJson(accept)) {
    throw new UpvestError(406, `accept: "${accept}" does not allow application/json, the only media type served`)
  }
}

function acceptsJson(accept: string): boolean {
  return accept.split(',').some((range) => {
    const [type = '', ...params] = range.split(';').map((part) => part.trim().toLowerCase())
    const q = params.find((param) => param.startsWith('q='))
    return JSON_RANGES.has(type) && (q === undefined || Number(q.slice(2)) > 0)
  })
}
