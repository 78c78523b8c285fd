import { z } from 'zod'
import { toTimestamp } from '../../sandbox/time/Clock.js'
import type { UpvestScope } from '../../store/schemas.js'
import { UpvestError } from '../protocol/UpvestError.js'
import type { TokenResponse } from '../resources.js'
import type { UpvestContext } from '../UpvestContext.js'

/** The form of `POST /auth/token`: the four documented fields and no others (docs/upvest.md#tokens). */
export const tokenRequest = z.strictObject({
  client_id: z.uuid(),
  client_secret: z.string().max(1000),
  grant_type: z.literal('client_credentials', { error: 'must be client_credentials' }),
  scope: z.string().max(1000),
})
export type TokenRequest = z.infer<typeof tokenRequest>

export type { TokenResponse } from '../resources.js'

// Expired tokens are kept a day longer so that a client still gets "expired" rather than "unknown" for them.
const KEEP_EXPIRED_MS = 24 * 60 * 60 * 1000

/**
 * Drops tokens a day past their expiry (docs/control-api.md#bounds), so a long-running server issuing
 * tokens does not grow for ever. Every token of a sandbox lives as long as the next (one scenario, one
 * `tokenLifetime`), so the first issued is the first to expire and the sweep stops at the first it keeps.
 */
function forgetStaleTokens(sandbox: UpvestContext): void {
  const cutoff = sandbox.now() - KEEP_EXPIRED_MS
  sandbox.store.upvestTokens.dropOldest((token) => Date.parse(token.expires_at) <= cutoff)
}

/**
 * Client credentials for a bearer token (docs/upvest.md#tokens): wrong credentials, or a `upvest-client-id` header naming
 * another client, are a 401; a scope the client may not hold is a 403. The token lives in the store and
 * expires by the sandbox clock after the scenario's `tokenLifetime` seconds.
 */
export async function issueToken(
  sandbox: UpvestContext,
  headerClientId: string,
  request: TokenRequest,
): Promise<TokenResponse> {
  const requested = [...new Set(request.scope.split(' ').filter(Boolean))]
  if (requested.length === 0) throw new UpvestError(400, 'scope: name at least one scope')
  const client = sandbox.store.upvestClients.get(request.client_id)
  if (!client || client.client_secret !== request.client_secret || headerClientId !== client.id) {
    throw new UpvestError(401, 'Invalid client credentials')
  }
  const refused = requested.filter((scope) => !(client.scopes as string[]).includes(scope))
  if (refused.length > 0) {
    throw new UpvestError(403, `scope: the client may not request ${refused.join(' ')}`)
  }
  forgetStaleTokens(sandbox)
  const lifetime = sandbox.scenario.upvest.options.tokenLifetime
  const token = await sandbox.store.upvestTokens.insert({
    // A secret, not data: never from the seeded id sequence, which a reset or a restart replays, so a token
    // held from before one can never come back valid. crypto.randomUUID works in Node and the browser.
    id: crypto.randomUUID(),
    client_id: client.id,
    scopes: requested as UpvestScope[],
    expires_at: toTimestamp(sandbox.now() + lifetime * 1000),
  })
  return { access_token: token.id, expires_in: lifetime, token_type: 'bearer', scope: requested.join(' ') }
}
