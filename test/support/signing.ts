import { p256 } from '@noble/curves/nist.js'
import { createSignature } from 'http-message-sig'

export interface ClientKey {
  publicJwk: JsonWebKey
  privateKey: CryptoKey
}

/** A client's EC P-256 key pair, as Upvest's reference signers use. */
export async function generateClientKey(): Promise<ClientKey> {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])
  const { kty, crv, x, y } = await crypto.subtle.exportKey('jwk', pair.publicKey)
  return { publicJwk: { kty, crv, x, y }, privateKey: pair.privateKey }
}

export interface SignOptions {
  /** Components to sign; by default what Upvest's signers send. */
  components?: string[]
  /** `der` as Upvest's signers send, or `raw` (r||s) as RFC 9421 has it. */
  encoding?: 'der' | 'raw'
  created?: number
  expires?: number
  /** Overrides the content-digest header (a wrong digest). */
  digest?: string
}

/**
 * Signs a request the way Upvest's v15 signers do: `content-digest` (SHA-512) for a body, then an RFC
 * 9421 signature with ECDSA and SHA-512 over the listed components.
 */
export async function signRequest(request: Request, key: ClientKey, options: SignOptions = {}): Promise<Request> {
  const headers = new Headers(request.headers)
  const body = new Uint8Array(await request.clone().arrayBuffer())
  const hasBody = body.byteLength > 0
  if (hasBody) {
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-512', body))
    headers.set('content-digest', options.digest ?? `sha-512=:${btoa(String.fromCharCode(...digest))}:`)
  }
  const url = new URL(request.url)
  const components = options.components ?? [
    '@method',
    '@path',
    ...(url.search ? ['@query'] : []),
    'accept',
    'authorization',
    ...(hasBody ? ['content-type', 'content-digest'] : []),
    ...(headers.has('idempotency-key') ? ['idempotency-key'] : []),
    'upvest-client-id',
  ]
  const now = Math.floor(Date.now() / 1000)
  const unsigned = new Request(request.url, { method: request.method, headers, body: hasBody ? body : undefined })
  const fields = await createSignature(unsigned, {
    label: 'sig1',
    components,
    parameters: {
      keyid: 'client-key',
      nonce: crypto.randomUUID(),
      created: options.created ?? now,
      expires: options.expires ?? now + 60,
    },
    signer: {
      algorithm: 'ecdsa-p256-sha512',
      async sign(data) {
        const raw = new Uint8Array(
          await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-512' }, key.privateKey, data as Uint8Array<ArrayBuffer>),
        )
        return options.encoding === 'raw' ? raw : p256.Signature.fromBytes(raw, 'compact').toBytes('der')
      },
    },
  })
  headers.set('upvest-signature-version', '15')
  headers.set('signature', fields.signature)
  headers.set('signature-input', fields.signatureInput)
  return new Request(request.url, { method: request.method, headers, body: hasBody ? body : undefined })
}
