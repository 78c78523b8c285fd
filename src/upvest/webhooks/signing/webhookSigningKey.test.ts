import { describe, expect, it } from 'vitest'
import { webhookSigningKey } from './webhookSigningKey.js'

describe('webhookSigningKey', () => {
  it('derives the same P-521 key from the same seed, another from another seed', () => {
    const one = webhookSigningKey(1)
    expect(webhookSigningKey(1)).toEqual(one)
    expect(webhookSigningKey(2).publicJwk.x).not.toBe(one.publicJwk.x)
    expect(webhookSigningKey(2).kid).not.toBe(one.kid)
    expect(one.publicJwk).toEqual({ kid: one.kid, kty: 'EC', crv: 'P-521', x: one.privateJwk.x, y: one.privateJwk.y })
  })

  it('gives a private key that WebCrypto signs with and the published public key verifies', async () => {
    const { privateJwk, publicJwk } = webhookSigningKey(7)
    const algorithm = { name: 'ECDSA', namedCurve: 'P-521' }
    const privateKey = await crypto.subtle.importKey('jwk', privateJwk, algorithm, false, ['sign'])
    const publicKey = await crypto.subtle.importKey('jwk', publicJwk, algorithm, false, ['verify'])
    const data = new TextEncoder().encode('{"payload":[]}')
    const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-512' }, privateKey, data)
    expect(await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-512' }, publicKey, signature, data)).toBe(true)
  })
})
