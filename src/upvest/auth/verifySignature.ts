import { p256, p384, p521 } from '@noble/curves/nist.js'
import { isSignatureError, type Verifier, verifySignature as verifyMessageSignature } from 'http-message-sig'
import { z } from 'zod'
import type { EngineRequest } from '../../engine/EngineRequest.js'
import type { SignatureReplays } from './SignatureReplays.js'

const CURVES = { 'P-256': p256, 'P-384': p384, 'P-521': p521 }

const publicJwk = z.looseObject({
  kty: z.literal('EC'),
  crv: z.enum(['P-256', 'P-384', 'P-521']),
  x: z.string(),
  y: z.string(),
  kid: z.string().optional(),
})

/**
 * Signers date their signatures by their own clock, so `created` and `expires` are compared with the wall
 * clock, never with the sandbox clock (which may be frozen or days ahead), allowing this much drift.
 */
const CLOCK_SKEW_SECONDS = 60
/** How long a signature without `expires` is good for after `created` (Upvest's example spans 300 s). */
const MAX_AGE_SECONDS = 300

/**
 * Step 7 of the gatekeeping chain (docs/upvest.md#signatures): an RFC 9421 signature (Upvest's v15) over the components the client lists in
 * `signature-input`, made with ECDSA and SHA-512 by the key the scenario holds for the client, and a
 * `content-digest` (sha-512) that matches the body. The signature must cover the method, the path,
 * the query when there is one, the bearer token and, with a body, the digest; otherwise a signature
 * over, say, only the method would authenticate every request. It must carry `created`, be within its
 * lifetime (`expires`, else `MAX_AGE_SECONDS` after `created`) and not have been used before: `replays`
 * remembers each one until that lifetime ends, so a captured request cannot be sent again.
 *
 * `http-message-sig` parses the structured fields and rebuilds the signature base; the ECDSA check is
 * WebCrypto (Node and browsers alike), fed the raw r||s form after converting Upvest's DER signatures.
 */
export async function verifySignature(
  request: EngineRequest,
  key: unknown,
  replays: SignatureReplays,
): Promise<boolean> {
  const jwk = publicJwk.safeParse(key)
  if (!jwk.success) return false
  const body = request.body ?? new Uint8Array()
  const required = ['@method', '@path', 'authorization']
  if (request.search !== '') required.push('@query')
  if (body.byteLength > 0) {
    if (!(await digestMatches(request.headers.get('content-digest'), body))) return false
    required.push('content-digest')
  }
  const verifier = await createVerifier(jwk.data).catch(() => null)
  if (!verifier) return false
  try {
    // Every header as the client sent it, `host` and `content-length` included: a signature may cover them.
    const message = {
      kind: 'request' as const,
      method: request.method,
      targetUri: request.url,
      fields: [...request.headers.entries()].map(([name, value]) => ({ name, value })),
    }
    const now = Math.floor(Date.now() / 1000)
    await verifyMessageSignature(message, {
      policy: {
        algorithms: [verifier.algorithm],
        requiredComponents: required,
        requiredParameters: ['created'],
        clockSkew: CLOCK_SKEW_SECONDS,
        now,
        validate: ({ parameters, signature }) => {
          const created = parameters.created as number
          const ends = parameters.expires ?? created + MAX_AGE_SECONDS
          if (ends < now - CLOCK_SKEW_SECONDS) return false
          // One ECDSA signature has several encodings (DER or raw, and s or n - s); its r alone names it.
          const raw = toRaw(CURVES[jwk.data.crv], signature)
          if (!raw) return false
          const id = btoa(String.fromCharCode(...raw.subarray(0, raw.byteLength / 2)))
          return replays.use(id, (ends + CLOCK_SKEW_SECONDS) * 1000, now * 1000)
        },
      },
      resolveVerifier: (candidate) => {
        const keyId = candidate.parameters.keyid
        if (jwk.data.kid !== undefined && keyId !== undefined && keyId !== jwk.data.kid) {
          throw new Error(`unknown keyid ${keyId}`)
        }
        return verifier
      },
    })
    return true
  } catch (error) {
    if (isSignatureError(error)) return false
    throw error
  }
}

async function digestMatches(header: string | null, body: Uint8Array): Promise<boolean> {
  const claimed = header && /(?:^|,)\s*sha-512=:([A-Za-z0-9+/]+=*):/.exec(header)?.[1]
  if (!claimed) return false
  const actual = new Uint8Array(await crypto.subtle.digest('SHA-512', body as Uint8Array<ArrayBuffer>))
  return claimed === btoa(String.fromCharCode(...actual))
}

async function createVerifier(jwk: z.infer<typeof publicJwk>): Promise<Verifier> {
  const curve = CURVES[jwk.crv]
  const key = await crypto.subtle.importKey(
    'jwk',
    { kty: 'EC', crv: jwk.crv, x: jwk.x, y: jwk.y },
    { name: 'ECDSA', namedCurve: jwk.crv },
    false,
    ['verify'],
  )
  return {
    algorithm: `ecdsa-${jwk.crv.toLowerCase().replace('-', '')}-sha512`,
    async verify(data, signature) {
      const raw = toRaw(curve, signature)
      if (!raw) return false
      return crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-512' }, key, raw, data as Uint8Array<ArrayBuffer>)
    },
  }
}

/** Upvest's signers send DER; RFC 9421 clients send r||s. WebCrypto takes only the latter. */
function toRaw(curve: (typeof CURVES)[keyof typeof CURVES], signature: Uint8Array): Uint8Array<ArrayBuffer> | null {
  try {
    return curve.Signature.fromBytes(signature, 'der').toBytes('compact') as Uint8Array<ArrayBuffer>
  } catch {
    return signature.byteLength === curve.lengths.signature ? (signature as Uint8Array<ArrayBuffer>) : null
  }
}
