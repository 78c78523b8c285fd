import { p256 } from '@noble/curves/nist.js'
import { describe, expect, it } from 'vitest'
import { fromFetchRequest } from '../../src/adapters/fromFetchRequest.js'
import { verifySignature } from '../../src/upvest/verifySignature.js'
import { generateClientKey, signRequest } from './signing.js'

const key = await generateClientKey()
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
    expect(await verifySignature(await fromFetchRequest(await handSigned('{"a":1}')), key.publicJwk)).toBe(true)
  })

  it('rejects the same signature once the body no longer matches its content-digest', async () => {
    const request = await handSigned('{"a":1}')
    const tampered = new Request(request.url, { method: 'POST', headers: request.headers, body: '{"a":2}' })
    expect(await verifySignature(await fromFetchRequest(tampered), key.publicJwk)).toBe(false)
  })

  it('rejects without a usable key, without signature headers, or with a keyid the key does not carry', async () => {
    const request = await signRequest(plain(), key)
    expect(await verifySignature(await fromFetchRequest(request), key.publicJwk)).toBe(true)
    expect(await verifySignature(await fromFetchRequest(request), undefined)).toBe(false)
    expect(
      await verifySignature(await fromFetchRequest(request), { kty: 'EC', crv: 'P-256', x: 'AAAA', y: 'AAAA' }),
    ).toBe(false)
    expect(await verifySignature(await fromFetchRequest(request), { ...key.publicJwk, kid: 'another-key' })).toBe(false)
    expect(await verifySignature(await fromFetchRequest(request), { ...key.publicJwk, kid: 'client-key' })).toBe(true)
    expect(await verifySignature(await fromFetchRequest(plain()), key.publicJwk)).toBe(false)
  })

  it('rejects a signature that does not cover the query it was sent with', async () => {
    const request = await signRequest(plain(), key, {
      components: ['@method', '@path', 'authorization'],
    })
    expect(await verifySignature(await fromFetchRequest(request), key.publicJwk)).toBe(false)
  })
})
