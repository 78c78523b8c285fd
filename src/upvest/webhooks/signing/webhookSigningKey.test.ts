import { describe, expect, it } from 'vitest'
import { MAX_CACHED_SIGNING_KEYS, webhookSigningKey } from './webhookSigningKey.js'

/** Seeds no other test of this file uses, so that what is cached depends on this file's order alone. */
const others = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i)

describe('webhookSigningKey', () => {
  it('derives the published key of seed 1 that receivers configure, the same in every version', () => {
    expect(webhookSigningKey(1).publicJwk).toEqual({
      kid: '11fd02eb-99c7-4980-b347-c80ba7fa8a9c',
      kty: 'EC',
      crv: 'P-521',
      x: 'AKb3ieyVSB6_sX9cmjr_5NefyE9Dqv0Ti4g7l56GvFO3abUqgV0_i5mXDkM1qaa0FgkooFhCYO_jUQgMmHqZezsJ',
      y: 'ADmEo1UTzI_OerymNZF_FytnBsf7Se1p2VwqQh0pvEMLBm--JzsQm9dk_7TIxfcMiTpfn8UFTK2MqAfeP7ozb0OH',
    })
    const two = webhookSigningKey(2)
    expect(two.kid).not.toBe(webhookSigningKey(1).kid)
    expect(two.publicJwk).toEqual({ kid: two.kid, kty: 'EC', crv: 'P-521', x: two.privateJwk.x, y: two.privateJwk.y })
    expect(two.publicJwk.x).not.toBe(webhookSigningKey(1).publicJwk.x)
  })

  it('keeps the keys of the most recently used seeds only, deriving a dropped one again, equal', () => {
    const first = webhookSigningKey(1_000)
    const kept = webhookSigningKey(1_001)
    for (const seed of others(2_000, MAX_CACHED_SIGNING_KEYS - 2)) webhookSigningKey(seed)
    // Seed 1001 used again: the least recently used is now 1000, the first to go.
    expect(webhookSigningKey(1_001)).toBe(kept)
    webhookSigningKey(3_000)
    expect(webhookSigningKey(1_001)).toBe(kept)
    const again = webhookSigningKey(1_000)
    expect(again).not.toBe(first)
    expect(again).toEqual(first)
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
