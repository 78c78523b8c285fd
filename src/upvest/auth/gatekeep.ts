import type { EngineRequest } from '../../engine/EngineRequest.js'
import type { UpvestScope } from '../../store/schemas.js'
import { negotiate } from '../protocol/negotiate.js'
import { UpvestError } from '../protocol/UpvestError.js'
import type { UpvestContext } from '../UpvestContext.js'
import { type Authentication, authenticate } from './authenticate.js'
import { verifySignature } from './verifySignature.js'

/** The documented idempotency-key pattern (a uuid, dashes optional). */
const IDEMPOTENCY_KEY =
  /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-5][0-9a-fA-F]{3}-?[089abAB][0-9a-fA-F]{3}-?[0-9a-fA-F]{12}$/

export interface Gate extends Authentication {
  /** The request's `idempotency-key`; always set on POST, which cannot pass without one. */
  idempotencyKey: string | null
}

/**
 * The gatekeeping chain (docs/upvest.md#gatekeeping), in its order, for every API route but `/auth/token` and
 * `/auth/verify_keys`: version, accept, tenant, bearer token, scope (any one of `scopes`), idempotency
 * key on POST, and the request signature when the scenario turns signature checks on.
 */
export async function gatekeep(
  sandbox: UpvestContext,
  request: EngineRequest,
  scopes: readonly UpvestScope[],
): Promise<Gate> {
  negotiate(request.headers)
  const { client, token } = authenticate(sandbox, request.headers)
  if (!token.scopes.some((scope) => scopes.includes(scope))) {
    throw new UpvestError(403, `The access token lacks the scope: requires ${scopes.join(' or ')}`)
  }
  let idempotencyKey: string | null = null
  if (request.method === 'POST') {
    idempotencyKey = request.headers.get('idempotency-key')?.trim() || null
    if (idempotencyKey === null) {
      throw new UpvestError(400, 'idempotency-key: header is required on POST', {
        title: 'Missing idempotency key',
        type: 'missing_idempotency_key',
      })
    }
    if (!IDEMPOTENCY_KEY.test(idempotencyKey)) throw new UpvestError(400, 'idempotency-key: must be a uuid')
  }
  if (
    sandbox.scenario.upvest.options.verifySignatures &&
    !(await verifySignature(request, client.public_key, sandbox.state.signatures))
  ) {
    throw new UpvestError(401, 'Signature is incorrect')
  }
  return { client, token, idempotencyKey }
}
