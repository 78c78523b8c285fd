import type { HeaderLookup } from '../../engine/EngineRequest.js'
import type { UpvestClient, UpvestToken } from '../../store/schemas.js'
import { UpvestError } from '../protocol/UpvestError.js'
import type { UpvestContext } from '../UpvestContext.js'
import { requireClientId } from './requireClientId.js'
import { throttle } from './throttle.js'

/** The documented bearer pattern (`^Bearer [a-zA-Z0-9\-\._~+/]*=*`), with the scheme's case relaxed as RFC 6750 allows. */
const BEARER = /^Bearer ([a-zA-Z0-9\-._~+/]+=*)$/i

export interface Authentication {
  client: UpvestClient
  token: UpvestToken
}

/**
 * Steps 3 and 4 of the gatekeeping chain (docs/upvest.md#gatekeeping): the tenant header (whose rate limit, when the scenario sets one, counts the
 * call), then a bearer token that exists, has not expired by the sandbox clock and was issued to that
 * same tenant. Every token failure is the same documented 401.
 */
export function authenticate(sandbox: UpvestContext, headers: HeaderLookup): Authentication {
  const clientId = requireClientId(headers)
  throttle(sandbox, clientId)
  const match = BEARER.exec(headers.get('authorization')?.trim() ?? '')
  if (!match) throw new UpvestError(401, 'authorization: a bearer token is required')
  const token = sandbox.store.upvestTokens.get(match[1] as string)
  if (!token) throw new UpvestError(401, 'The access token is not valid')
  if (Date.parse(token.expires_at) <= sandbox.now()) throw new UpvestError(401, 'The access token has expired')
  if (token.client_id !== clientId) {
    throw new UpvestError(401, 'The access token was issued to another client than upvest-client-id names')
  }
  const client = sandbox.store.upvestClients.get(token.client_id)
  if (!client) throw new UpvestError(401, 'The access token is not valid')
  return { client, token }
}
