import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import type { Reply } from '../protocol/reply.js'
import { UpvestError } from '../protocol/UpvestError.js'
import type { UpvestContext } from '../UpvestContext.js'

/** How long a key is remembered (docs/upvest.md#idempotent-replay): Upvest promises "at least 24 hours". */
const WINDOW_MS = 24 * 60 * 60 * 1000

export interface IdempotentRequest {
  clientId: string
  key: string
  method: string
  path: string
  /** The parsed JSON body: key order and whitespace do not make two requests different. */
  body: unknown
}

/**
 * Idempotent replay (docs/upvest.md#idempotent-replay, #idempotency-key-reuse). A key seen from the same client within 24 h of sandbox time answers
 * with the stored response when the request is the same, and 422 when it is not; otherwise `work` runs
 * and only a successful result is stored, so a failed request can be retried with its key.
 */
export async function idempotent(
  sandbox: UpvestContext,
  request: IdempotentRequest,
  work: () => Promise<Reply>,
): Promise<Reply> {
  const table = sandbox.store.upvestIdempotency
  const id = `${request.clientId}:${request.key}`
  const hash = fingerprint(request)
  const previous = table.get(id)
  if (previous && Date.parse(previous.created_at) + WINDOW_MS > sandbox.now()) {
    if (previous.request_hash !== hash) {
      throw new UpvestError(422, 'idempotency-key: already used for a different request')
    }
    return { status: previous.status, body: previous.body }
  }
  const result = await work()
  const record = { request_hash: hash, status: result.status, body: result.body, created_at: sandbox.timestamp() }
  if (previous) await table.update(id, (draft) => Object.assign(draft, record))
  else await table.insert({ id, ...record })
  return result
}

// Synchronous: WebCrypto's digest hops to a thread pool and back, which costs more than hashing a body.
function fingerprint(request: IdempotentRequest): string {
  const text = `${request.method} ${request.path}\n${canonicalJson(request.body)}`
  return bytesToHex(sha256(utf8ToBytes(text)))
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}
