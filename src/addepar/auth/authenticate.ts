import type { HeaderLookup } from '../../engine/EngineRequest.js'
import type { AddeparScope, AddeparUser } from '../../store/schemas.js'
import { AddeparError } from '../jsonapi/AddeparError.js'
import type { Credentials } from './indexCredentials.js'

/** Who is calling: a Basic user acts with permissions (`scopes` null), a Bearer token with its scopes. */
export interface Caller {
  user: AddeparUser
  scopes: readonly AddeparScope[] | null
}

const ADVICE = 'check the API key, secret, and Addepar-Firm header'

function decodeBasic(value: string): [key: string, secret: string] | undefined {
  let decoded: string
  try {
    decoded = atob(value)
  } catch {
    return undefined
  }
  const colon = decoded.indexOf(':')
  return colon < 0 ? undefined : [decoded.slice(0, colon), decoded.slice(colon + 1)]
}

/** The caller of a request from its `Authorization` and `Addepar-Firm` headers (docs/addepar.md#credentials, #firm-header); 401 otherwise. */
export function authenticate(credentials: Credentials, headers: HeaderLookup): Caller {
  const authorization = headers.get('authorization')?.trim()
  if (!authorization) throw new AddeparError(401, `Authentication required: ${ADVICE}`)
  const space = authorization.indexOf(' ')
  const scheme = authorization.slice(0, space).toLowerCase()
  const value = authorization.slice(space + 1).trim()
  let caller: Caller | undefined
  if (scheme === 'basic') {
    const pair = decodeBasic(value)
    const user = pair && credentials.byKey.get(pair[0])
    if (user && pair && user.api_secret === pair[1]) caller = { user, scopes: null }
  } else if (scheme === 'bearer') {
    const token = credentials.byToken.get(value)
    if (token) caller = { user: token.user, scopes: token.scopes }
  }
  if (!caller) throw new AddeparError(401, `Authentication failed: ${ADVICE}`)
  const firm = headers.get('addepar-firm')?.trim()
  if (!firm) throw new AddeparError(401, `Missing Addepar-Firm header: ${ADVICE}`)
  if (firm !== caller.user.firm_id) throw new AddeparError(401, `Addepar-Firm ${firm} does not match: ${ADVICE}`)
  return caller
}
