import { createHash, createPublicKey, verify } from 'node:crypto'

/** A JWKS as `GET /auth/verify_keys` serves it. */
export interface Jwks {
  keys: { kid: string; kty: string; crv: string; x: string; y: string }[]
}

/** One webhook request as a receiver saw it. */
export interface ReceivedRequest {
  method: string
  /** Path and query of the request target, e.g. `/hooks?tenant=1`. */
  target: string
  headers: Record<string, string>
  body: string
}

export interface VerifiedDelivery {
  keyid: string
  components: string[]
  created: number
  expires: number
}

/**
 * Verifies a webhook delivery the way a receiver would, independently of the sandbox's code: node:crypto
 * only. It rebuilds the signature base of Upvest's HTTP message signatures v6 from the documentation
 * (one `name: value` line per component listed in `signature-input`, names unquoted, then
 * `@signature-params: <the signature-input member value>`), finds the key by `keyid` in the JWKS and
 * checks the DER ECDSA signature with SHA-512; the `digest` header must be the body's SHA-256.
 * Throws with the reason when anything does not hold.
 */
export function verifyDelivery(request: ReceivedRequest, jwks: Jwks): VerifiedDelivery {
  const input = request.headers['signature-input']
  const signature = request.headers.signature
  if (!input || !signature) throw new Error('unsigned: signature or signature-input missing')
  const member = /^sig1=(\(([^)]*)\)(.*))$/.exec(input)
  if (!member) throw new Error(`signature-input: no sig1 member: ${input}`)
  const [, params, list, rest] = member as unknown as [string, string, string, string]
  const components = [...list.matchAll(/"([^"]+)"/g)].map((match) => match[1] as string)
  const parameter = (name: string) => new RegExp(`;${name}=("([^"]*)"|(\\d+))`).exec(rest)
  const keyid = parameter('keyid')?.[2]
  if (!keyid) throw new Error('signature-input: no keyid')

  const url = new URL(request.target, 'http://receiver.invalid')
  const value = (component: string): string => {
    if (component === '@method') return request.method.toUpperCase()
    if (component === '@path') return url.pathname
    if (component === '@query') return url.search
    const header = request.headers[component]
    if (header === undefined) throw new Error(`signed header ${component} is missing`)
    return header
  }
  const base = [...components.map((component) => `${component}: ${value(component)}`), `@signature-params: ${params}`]
  const jwk = jwks.keys.find((key) => key.kid === keyid)
  if (!jwk) throw new Error(`no key ${keyid} in the JWKS`)
  const key = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }, format: 'jwk' })
  const encoded = /^sig1=:([A-Za-z0-9+/]+=*):$/.exec(signature)?.[1]
  if (!encoded) throw new Error(`signature: no sig1 byte sequence: ${signature}`)
  if (!verify('sha512', Buffer.from(base.join('\n')), key, Buffer.from(encoded, 'base64'))) {
    throw new Error('signature does not verify')
  }
  const digest = `SHA-256=${createHash('sha256').update(request.body).digest('base64')}`
  if (!components.includes('digest') || request.headers.digest !== digest) throw new Error('digest: not the body')
  return {
    keyid,
    components,
    created: Number(parameter('created')?.[3]),
    expires: Number(parameter('expires')?.[3]),
  }
}

/** The body of a delivery: `{ payload: [event, ...] }`. */
export interface DeliveryBody {
  payload: { id: string; created_at: string; type: string; object: Record<string, unknown>; webhook_id: string }[]
}

/** Resolves with what `check` returns once it is not `undefined` or `false`, polling every 20 ms, for at most `timeoutMs`. */
export async function eventually<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 5_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined && value !== false) return value
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
