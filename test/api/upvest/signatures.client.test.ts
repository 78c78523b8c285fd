import { setupServer } from 'msw/node'
import { afterAll, describe } from 'vitest'
import type { Curve, TestKey } from '../../support/rfc9421.js'
import { signedClientSuite } from '../../support/signedClient.js'
import { defaultWith, FULL } from '../../support/upvestApi.js'

// Upvest's reference signers, in-process: msw sees the request as it goes on the wire, `host` and
// `content-length` included. Each key gets its own sandbox on its own origin.

const server = setupServer()
afterAll(() => server.close())

describe('signed requests in-process, verified with --verify-signatures', () => {
  signedClientSuite(async (keys: Record<Curve, TestKey>) => {
    const targets = {} as Record<Curve, { base: string; reset(): Promise<void> }>
    for (const [curve, origin] of [
      ['P-256', 'https://sandbox.upvest.co'],
      ['P-521', 'https://p521.sandbox.upvest.co'],
    ] as const) {
      const sandbox = await defaultWith({
        options: { verifySignatures: true },
        clients: { [FULL.id]: { public_key: keys[curve].publicJwk } },
      })
      server.use(...sandbox.handlersFor({ upvest: `${origin}/` }))
      targets[curve] = { base: origin, reset: () => sandbox.reset() }
    }
    server.listen({ onUnhandledFrame: 'error' })
    return targets
  })
})
