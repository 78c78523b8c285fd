import type { HeaderLookup } from '../../engine/EngineRequest.js'
import { UpvestError } from './UpvestError.js'

/**
 * What the API answers: JSON on success, problem+json for every error (its OpenAPI lists problem+json on
 * every error response), and no body at all on a 202. A client may accept either: a generated SDK sends
 * `Accept: application/problem+json` alone on an operation whose success has no body (closure).
 */
const SERVED = ['application/json', 'application/problem+json'] as const

/**
 * Steps 1 and 2 of the gatekeeping chain (docs/upvest.md#gatekeeping), shared by every route: a version other than `1` is a
 * 400; an `accept` header that allows neither media type served, or names `application/json` with `q=0`,
 * is a 406 (docs/upvest.md#accept). Both headers may be left out.
 */
export function negotiate(headers: HeaderLookup): void {
  const version = headers.get('upvest-api-version')
  if (version !== null && version.trim() !== '1') {
    throw new UpvestError(400, `upvest-api-version: unsupported version "${version}"; the only version is "1"`)
  }
  const accept = headers.get('accept')
  if (accept === null) return
  let refusal = refusals.get(accept)
  if (refusal === undefined) {
    refusal = refusalOf(accept)
    // Clients send one or two `accept` values over and over; a page sending endless new ones cannot grow this.
    if (refusals.size >= MAX_REMEMBERED) refusals.clear()
    refusals.set(accept, refusal)
  }
  if (refusal !== null) throw new UpvestError(406, refusal)
}

const MAX_REMEMBERED = 64
/** Why an `accept` value is refused, or null, by the value: the header of every request asks it again. */
const refusals = new Map<string, string | null>()

function refusalOf(accept: string): string | null {
  if (accept.trim() === '') return null
  if (!SERVED.some((type) => quality(accept, type).q > 0)) {
    return `accept: "${accept}" allows neither application/json nor application/problem+json, the media types served`
  }
  // Every successful answer with a body is JSON: a client that refuses it by name could take none.
  const json = quality(accept, 'application/json')
  if (json.byName && json.q === 0) {
    return `accept: "${accept}" rules out application/json, the media type of every result`
  }
  return null
}

/**
 * The weight `accept` gives a media type (RFC 9110 section 12.5.1): the `q` of the most specific range that
 * matches it (`application/json` over `application/*` over the full wildcard), 1 without `q`, 0 when no
 * range matches; `byName` when that range names the type itself. Parameters such as `charset=utf-8` neither
 * restrict nor rank a range here: the API has one charset.
 */
function quality(accept: string, mediaType: string): { q: number; byName: boolean } {
  const specificities = new Map([
    [mediaType, 3],
    [`${mediaType.split('/')[0]}/*`, 2],
    ['*/*', 1],
  ])
  let best = { specificity: 0, q: 0 }
  for (const range of accept.split(',')) {
    const [name = '', ...params] = range.split(';').map((part) => part.trim().toLowerCase())
    const specificity = specificities.get(name) ?? 0
    if (specificity === 0 || specificity < best.specificity) continue
    const q = params.find((param) => param.startsWith('q='))
    const weight = q === undefined ? 1 : Number(q.slice(2))
    const valid = Number.isFinite(weight) ? weight : 0
    best = { specificity, q: specificity > best.specificity ? valid : Math.max(best.q, valid) }
  }
  return { q: best.q, byName: best.specificity === 3 }
}
