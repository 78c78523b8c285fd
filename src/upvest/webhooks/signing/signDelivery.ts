import { p521 } from '@noble/curves/nist.js'
import { createSignature } from 'http-message-sig'
import { type WebhookSigningKey, webhookSigningKey } from './webhookSigningKey.js'

/** Seconds between a signature's `created` and `expires` parameters. */
export const SIGNATURE_LIFETIME_SECONDS = 60

/** Imported per derived key: when webhookSigningKey drops a key past its bound, its import goes with it. */
const privateKeys = new WeakMap<WebhookSigningKey, Promise<CryptoKey>>()

/**
 * The headers that sign one delivery (docs/webhooks.md#signing): `content-type`, a v6 `digest` of the body
 * (`SHA-256=<base64>`), and `signature` / `signature-input` labelled `sig1`, made with ECDSA P-521 and
 * SHA-512 by the sandbox's key (`keyid` = the `kid` of `GET /auth/verify_keys`), DER-encoded as
 * Upvest's signers send it. The signature covers `@method`, `@path`, `@query` (only when the URL has a
 * query, as v6 prescribes), `content-type` and `digest`.
 *
 * Upvest signs webhooks with HTTP message signatures v6, whose signature base writes each component
 * name without the double quotes of the IETF draft (`@method: POST`, `digest: SHA-256=…`, then
 * `@signature-params: ("@method" …);keyid="…";…`), a quirk Upvest keeps for compatibility. The field
 * syntax and component values come from `http-message-sig`; only the quotes are removed from the base
 * before it is signed. `created` and `expires` are wall-clock seconds, so that a receiver can check the
 * signature's freshness against its own clock whatever the sandbox clock says.
 */
export async function signDelivery(
  seed: number,
  url: string,
  body: string,
  now: number = Date.now(),
): Promise<Record<string, string>> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body)))
  const headers = { 'content-type': 'application/json', digest: `SHA-256=${btoa(String.fromCharCode(...digest))}` }
  const created = Math.floor(now / 1000)
  const key = await privateKey(seed)
  const fields = await createSignature(new Request(url, { method: 'POST', headers }), {
    label: 'sig1',
    components: ['@method', '@path', ...(new URL(url).search ? ['@query'] : []), 'content-type', 'digest'],
    parameters: {
      keyid: webhookSigningKey(seed).kid,
      created,
      expires: created + SIGNATURE_LIFETIME_SECONDS,
      nonce: crypto.randomUUID(),
    },
    signer: {
      algorithm: 'ecdsa-p521-sha512',
      async sign(base) {
        const raw = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-512' }, key, v6Base(base))
        return p521.Signature.fromBytes(new Uint8Array(raw), 'compact').toBytes('der')
      },
    },
  })
  return { ...headers, signature: fields.signature, 'signature-input': fields.signatureInput }
}

/** The draft-15 signature base with each line's component name unquoted, as Upvest's v6 has it. */
function v6Base(base: Uint8Array): Uint8Array<ArrayBuffer> {
  const text = new TextDecoder().decode(base).replace(/^"([^"]+)": /gm, '$1: ')
  return new TextEncoder().encode(text)
}

function privateKey(seed: number): Promise<CryptoKey> {
  const derived = webhookSigningKey(seed)
  let key = privateKeys.get(derived)
  if (!key) {
    key = crypto.subtle.importKey('jwk', derived.privateJwk, { name: 'ECDSA', namedCurve: 'P-521' }, false, ['sign'])
    privateKeys.set(derived, key)
  }
  return key
}
