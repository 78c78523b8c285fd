import { p521 } from '@noble/curves/nist.js'
import { sha512 } from '@noble/hashes/sha2.js'
import { deterministicUuid } from '../../../sandbox/scenarios/createIds.js'

export interface EcJwk {
  kty: 'EC'
  crv: 'P-521'
  x: string
  y: string
}

export interface WebhookSigningKey {
  /** Key id of `/auth/verify_keys`, named in each delivery's `signature-input`. */
  kid: string
  /** The JWKS entry served by `/auth/verify_keys` (docs/upvest.md#verify-keys). */
  publicJwk: EcJwk & { kid: string }
  /** The private half, importable with WebCrypto (`importKey('jwk', …, { name: 'ECDSA', namedCurve: 'P-521' })`). */
  privateJwk: EcJwk & { d: string }
}

/**
 * Seeds whose key is kept derived (docs/webhooks.md#signing): a derivation takes milliseconds, and a server
 * whose sandboxes load scenarios with ever new seeds would otherwise keep a key for each for ever.
 */
export const MAX_CACHED_SIGNING_KEYS = 64

/** The keys derived, least recently used first (a `Map` keeps insertion order; a use re-inserts). */
const keys = new Map<number, WebhookSigningKey>()

/**
 * The sandbox's EC P-521 webhook signing key, a pure function of the seed so that a receiver's
 * configured JWKS stays valid across resets and restarts. WebCrypto cannot derive a key from a seed,
 * hence noble: the secret scalar is a SHA-512 expansion of the seed reduced into the curve's order.
 * Its key id uses uuid index 0, which the run-time id sequence (starting at 1) never reaches. The keys of
 * the `MAX_CACHED_SIGNING_KEYS` most recently used seeds are kept; another is derived again when used.
 */
export function webhookSigningKey(seed: number): WebhookSigningKey {
  const known = keys.get(seed)
  if (known) {
    keys.delete(seed)
    keys.set(seed, known)
    return known
  }
  const label = (part: number) => new TextEncoder().encode(`wealth-sandbox/upvest/webhook-signing-key/${seed}/${part}`)
  const material = new Uint8Array([...sha512(label(0)), ...sha512(label(1))]).slice(0, p521.lengths.seed)
  const secret = p521.utils.randomSecretKey(material)
  const point = p521.getPublicKey(secret, false)
  const size = (point.length - 1) / 2
  const kid = deterministicUuid(seed, 0)
  const jwk: EcJwk = {
    kty: 'EC',
    crv: 'P-521',
    x: base64url(point.subarray(1, 1 + size)),
    y: base64url(point.subarray(1 + size)),
  }
  const key = { kid, publicJwk: { kid, ...jwk }, privateJwk: { ...jwk, d: base64url(secret) } }
  keys.set(seed, key)
  for (const oldest of keys.keys()) {
    if (keys.size <= MAX_CACHED_SIGNING_KEYS) break
    keys.delete(oldest)
  }
  return key
}

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')
}
