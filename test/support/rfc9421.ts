import { createHash, generateKeyPairSync, type KeyObject, randomUUID, sign } from 'node:crypto'
import http from 'node:http'
import https from 'node:https'

/**
 * An RFC 9421 request signer written from the RFC and Upvest's v15 description, with node:crypto only:
 * it shares no code with the sandbox's verifier (which uses `http-message-sig`), so a test signed here
 * checks the verifier against the specification rather than against its own library.
 *
 * The signature base (RFC 9421 section 2.5) is one line `"<component>": <value>` per covered component,
 * in the order of `signature-input`, joined by `\n`, then `"@signature-params": <inner list>`. Upvest
 * signs with ECDSA and SHA-512 whatever the curve, and sends the signature DER-encoded.
 */

export type Curve = 'P-256' | 'P-521'

export interface TestKey {
  curve: Curve
  privateKey: KeyObject
  /** The public key as a scenario's `public_key` holds it. */
  publicJwk: JsonWebKey
}

export function generateTestKey(curve: Curve): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: curve })
  const { kty, crv, x, y } = publicKey.export({ format: 'jwk' })
  return { curve, privateKey, publicJwk: { kty, crv, x, y } }
}

/** The `content-digest` of a body (RFC 9530): `sha-512=:<base64>:`. */
export function contentDigest(body: string | Buffer): string {
  return `sha-512=:${createHash('sha512').update(body).digest('base64')}:`
}

/** One request as it goes on the wire: lower-case header names, the headers the client really sends. */
export interface WireRequest {
  method: string
  /** The full URL the request is sent to; `@path` and `@query` come from it. */
  url: string
  headers: Record<string, string>
  body?: string
}

export interface SignOptions {
  components: string[]
  keyid?: string
  created?: number
  expires?: number
  nonce?: string
  /** `der` as Upvest's signers send (the default), or `raw` r||s as RFC 9421 section 3.3.4 has it. */
  encoding?: 'der' | 'raw'
  /** Values the signer believed it sent, used instead of the request's own (to forge a mismatch). */
  pretend?: Record<string, string>
}

/** A derived component's value (RFC 9421 section 2.2) or a header field's value (section 2.1). */
function componentValue(request: WireRequest, name: string, pretend: Record<string, string>): string {
  if (pretend[name] !== undefined) return pretend[name]
  const url = new URL(request.url)
  switch (name) {
    case '@method':
      return request.method.toUpperCase()
    case '@path':
      return url.pathname
    case '@query':
      // An absent query is the lone `?` (section 2.2.7).
      return url.search === '' ? '?' : url.search
    case '@authority':
      return url.host.toLowerCase()
    default: {
      if (name.startsWith('@')) throw new Error(`this signer does not derive ${name}`)
      const value = request.headers[name]
      if (value === undefined) throw new Error(`cannot cover ${name}: the request has no such header`)
      return value.trim()
    }
  }
}

/** The signature base and `@signature-params` value for the components, as section 2.5 builds them. */
export function signatureBase(request: WireRequest, options: SignOptions): { base: string; params: string } {
  const now = Math.floor(Date.now() / 1000)
  const list = `(${options.components.map((name) => `"${name}"`).join(' ')})`
  const params = [
    list,
    `keyid="${options.keyid ?? 'client-key'}"`,
    `nonce="${options.nonce ?? randomUUID()}"`,
    `created=${options.created ?? now}`,
    `expires=${options.expires ?? now + 60}`,
  ].join(';')
  const lines = options.components.map((name) => `"${name}": ${componentValue(request, name, options.pretend ?? {})}`)
  lines.push(`"@signature-params": ${params}`)
  return { base: lines.join('\n'), params }
}

/** The request with `signature-input` and `signature` (label `sig1`) and Upvest's version header added. */
export function signWire(request: WireRequest, key: TestKey, options: SignOptions): WireRequest {
  const { base, params } = signatureBase(request, options)
  const signature = sign('sha512', Buffer.from(base, 'utf8'), {
    key: key.privateKey,
    dsaEncoding: options.encoding === 'raw' ? 'ieee-p1363' : 'der',
  })
  return {
    ...request,
    headers: {
      ...request.headers,
      'upvest-signature-version': '15',
      'signature-input': `sig1=${params}`,
      signature: `sig1=:${signature.toString('base64')}:`,
    },
  }
}

export interface WireResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
}

/**
 * Sends the request with node:http(s) exactly as given: the `host` and `content-length` headers are the
 * ones listed (so a DELETE can carry `Content-Length: 0` as Python's HTTP libraries send it), nothing is
 * added. In-process, msw intercepts it like any other client's request.
 */
export function sendWire(request: WireRequest): Promise<WireResponse> {
  const url = new URL(request.url)
  // Looked up at call time: msw patches the modules' `request`, which a named import would not see.
  const send = url.protocol === 'https:' ? https.request : http.request
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      { method: request.method, headers: request.headers, setHost: request.headers.host === undefined },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }),
        )
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(request.body)
  })
}
