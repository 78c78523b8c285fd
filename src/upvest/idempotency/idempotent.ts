import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import type { Reply } from '../protocol/reply.js'
import { UpvestError } from '../protocol/UpvestError.js'
import type { UpvestContext } from '../UpvestContext.js'

/**
 * How long a key is remembered (docs/upvest.md#idempotent-replay): Upvest promises "at least 24 hours". Past
 * it the key is forgotten for good, so the keys a sandbox holds are those of one day's traffic.
 */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000

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
 * and only a successful result is stored, so a failed request can be retried with its key. Keys past the
 * window are deleted first (docs/control-api.md#bounds). Runs inside `exclusive`, like every write.
 */
export async function idempotent(
  sandbox: UpvestContext,
  request: IdempotentRequest,
  work: () => Promise<Reply>,
): Promise<Reply> {
  const table = sandbox.store.upvestIdempotency
  const id = `${request.clientId}:${request.key}`
  const hash = fingerprint(request)
  const expired = (record: { created_at: string }) =>
    Date.parse(record.created_at) + IDEMPOTENCY_WINDOW_MS <= sandbox.now()
  // Keys are inserted as they are used, and a used-again key is inserted anew, so the first is the oldest.
  table.dropOldest(expired)
  const previous = table.get(id)
  if (previous && !expired(previous)) {
    if (previous.request_hash !== hash) {
      throw new UpvestError(422, 'idempotency-key: already used for a different request')
    }
    return { status: previous.status, body: previous.body }
  }
  const result = await work()
  // An expired key the sweep stopped short of (a restored snapshot may hold keys in any order) makes way.
  if (table.has(id)) table.delete(id)
  table.add({
    id,
    request_hash: hash,
    status: result.status,
    body: result.body,
    created_at: sandbox.timestamp(),
  })
  return result
}

/**
 * Node's own one-shot SHA-256 where there is one (the local server, tests), a fraction of the time of the
 * pure-JS hash a page uses and without `createHash`'s stream object; both give the same digest, so a stored
 * key replays in either. `getBuiltinModule` rather than an import: this module is part of the browser build.
 */
const nodeCrypto = globalThis.process?.getBuiltinModule?.('node:crypto')

// Synchronous: WebCrypto's digest hops to a thread pool and back, which costs more than hashing a body.
function fingerprint(request: IdempotentRequest): string {
  const text = `${request.method} ${request.path}\n${canonicalJson(request.body)}`
  return nodeCrypto ? nodeCrypto.hash('sha256', text, 'hex') : bytesToHex(sha256(utf8ToBytes(text)))
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>
    const keys = sortedKeys(record)
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

/**
 * An object's keys in code-unit order. A body has a handful of keys, which an insertion sort orders without the
 * work arrays `Array.prototype.sort` allocates (800 bytes a create); a larger object takes the built-in sort.
 */
function sortedKeys(record: Record<string, unknown>): string[] {
  const keys = Object.keys(record)
  if (keys.length > 16) return keys.sort()
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i] as string
    let at = i
    for (; at > 0 && (keys[at - 1] as string) > key; at--) keys[at] = keys[at - 1] as string
    keys[at] = key
  }
  return keys
}
