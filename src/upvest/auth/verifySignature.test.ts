import { p256 } from '@noble/curves/nist.js'
import { describe, expect, it } from 'vitest'
import { generateClientKey, signRequest } from '../../../test/support/signing.js'
import { fromFetchRequest } from '../../adapters/fromFetchRequest.js'
import type { EngineRequest } from '../../engine/EngineRequest.js'
import { SignatureReplays } from './SignatureReplays.js'
import { verifySignature } from './verifySignature.js'

const key = await generateClientKey()
/** A check with a memory of its own: these tests verify one signed request several times on purpose. */
const verify = (request: EngineRequest, jwk: unknown) => verifySignature(request, jwk, new SignatureReplays())
const URL_ = 'https://sandbox.upvest.co/account_groups?limit=5'
const plain = () =>
  new Request(URL_, {
    headers: {
      accept: 'application/json',
      authorization: 'Bearer t0ken',
      'upvest-client-id': '2f5a3c1e-8b4d-4e6f-9a7b-1c2d3e4f5a6b',
    },
  })

/**
 * A v15 signature built by hand from the RFC 9421 rules, as Upvest's own examples lay out the base
 * (`"<component>": <value>` lines, then `"@signature-params"`), so the check is not only against the
 * library that made it.
 */
async function handSigned(body: string, params = 'keyid="client-key";created=1700000000;expires=4100000000') {
  const digest = `sha-512=:${btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.digest('SHA-512', new TextEncoder().encode(body)))))}:`
  const list = '("@method" "@path" "@query" "authorization" "content-digest" "upvest-client-id")'
  const base = [
    '"@method": POST',
    '"@path": /account_groups',
    '"@query": ?limit=5',
    '"authorization": Bearer t0ken',
    `"content-digest": ${digest}`,
    '"upvest-client-id": 2f5a3c1e-8b4d-4e6f-9a7b-1c2d3e4f5a6b',
    `"@signature-params": ${list};${params}`,
  ].join('\n')
  const raw = new Uint8Array(
    await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-512' }, key.privateKey, new TextEncoder().encode(base)),
  )
  const der = p256.Signature.fromBytes(raw, 'compact').toBytes('der')
  return new Request(URL_, {
    method: 'POST',
    body,
    headers: {
      authorization: 'Bearer t0ken',
      'upvest-client-id': '2f5a3c1e-8b4d-4e6f-9a7b-1c2d3e4f5a6b',
      'content-digest': digest,
      'signature-input': `sig1=${list};${params}`,
      signature: `sig1=:${btoa(String.fromCharCode(...der))}:`,
    },
  })
}

describe('verifySignature', () => {
  it('accepts a hand-built v15 signature with a DER ECDSA P-256/SHA-512 value', async () => {
    expect(await verify(await fromFetchRequest(await handSigned('{"a":1}')), key.publicJwk)).toBe(true)
  })

  it('rejects the same signature once the body no longer matches its content-digest', async () => {
    const request = await handSigned('{"a":1}')
    const tampered = new Request(request.url, { method: 'POST', headers: request.headers, body: '{"a":2}' })
    expect(await verify(await fromFetchRequest(tampered), key.publicJwk)).toBe(false)
  })

  it('rejects without a usable key, without signature headers, or with a keyid the key does not carry', async () => {
    const request = await signRequest(plain(), key)
    expect(await verify(await fromFetchRequest(request), key.publicJwk)).toBe(true)
    expect(await verify(await fromFetchRequest(request), undefined)).toBe(false)
    expect(await verify(await fromFetchRequest(request), { kty: 'EC', crv: 'P-256', x: 'AAAA', y: 'AAAA' })).toBe(false)
    expect(await verify(await fromFetchRequest(request), { ...key.publicJwk, kid: 'another-key' })).toBe(false)
    expect(await verify(await fromFetchRequest(request), { ...key.publicJwk, kid: 'client-key' })).toBe(true)
    expect(await verify(await fromFetchRequest(plain()), key.publicJwk)).toBe(false)
  })

  it('rejects a signature that does not cover the query it was sent with', async () => {
    const request = await signRequest(plain(), key, {
      components: ['@method', '@path', 'authorization'],
    })
    expect(await verify(await fromFetchRequest(request), key.publicJwk)).toBe(false)
  })
})

describe('verifySignature: lifetime and replays (docs/upvest.md#signatures)', () => {
  const now = () => Math.floor(Date.now() / 1000)
  const withParams = (params: string) => handSigned('{"a":1}', `keyid="client-key";${params}`)

  it('requires created, honours expires on the wall clock with 60 s of skew, and gives 300 s without expires', async () => {
    const t = now()
    const cases: [string, boolean][] = [
      ['expires=4100000000', false],
      [`created=${t - 3660};expires=${t - 3600}`, false],
      [`created=${t - 120};expires=${t - 30}`, true],
      [`created=${t - 600}`, false],
      [`created=${t - 200}`, true],
      [`created=${t + 30};expires=${t + 90}`, true],
      [`created=${t + 600};expires=${t + 660}`, false],
    ]
    for (const [params, accepted] of cases) {
      expect([params, await verify(await fromFetchRequest(await withParams(params)), key.publicJwk)]).toEqual([
        params,
        accepted,
      ])
    }
  })

  it('refuses a signature used before within its lifetime, in any of its encodings, until the memory is dropped', async () => {
    const replays = new SignatureReplays()
    const signed = await signRequest(plain(), key)
    const check = async (request: Request) => verifySignature(await fromFetchRequest(request), key.publicJwk, replays)
    expect(await check(signed)).toBe(true)
    expect(await check(signed)).toBe(false)

    // The same signature as raw r||s, and as (r, n - s): other bytes, the same signature to a verifier.
    const der = Uint8Array.from(atob(/^sig1=:(.+):$/.exec(signed.headers.get('signature') ?? '')?.[1] ?? ''), (c) =>
      c.charCodeAt(0),
    )
    const parsed = p256.Signature.fromBytes(der, 'der')
    const flipped = new p256.Signature(parsed.r, p256.Point.Fn.ORDER - parsed.s)
    for (const bytes of [parsed.toBytes('compact'), flipped.toBytes('der')]) {
      const headers = new Headers(signed.headers)
      headers.set('signature', `sig1=:${btoa(String.fromCharCode(...bytes))}:`)
      expect(await check(new Request(signed.url, { headers }))).toBe(false)
    }
    // A fresh signature of the very same request is another signature.
    expect(await check(await signRequest(plain(), key))).toBe(true)
    replays.clear()
    expect(await check(signed)).toBe(true)
  })
})

describe('SignatureReplays', () => {
  it('forgets signatures whose lifetime is over, and keeps at most 10,000', () => {
    const replays = new SignatureReplays()
    for (let i = 0; i < 100_000; i++) replays.use(`short ${i}`, i + 10, i)
    expect(replays.size).toBeLessThan(200)
    for (let i = 0; i < 30_000; i++) replays.use(`long ${i}`, Number.MAX_SAFE_INTEGER, 100_000)
    expect(replays.size).toBeLessThanOrEqual(10_000)
    expect(replays.use('long 29999', Number.MAX_SAFE_INTEGER, 100_001)).toBe(false)
  })
})
