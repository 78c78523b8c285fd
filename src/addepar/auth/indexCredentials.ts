import type { AddeparScope, AddeparUser } from '../../store/schemas.js'

export interface Credentials {
  /** Users by API key, for Basic authentication. */
  byKey: Map<string, AddeparUser>
  /** Bearer tokens with the user they were issued to and their scopes. */
  byToken: Map<string, { user: AddeparUser; scopes: readonly AddeparScope[] }>
}

/** Every user's key and tokens in maps, so authenticating a request is two lookups. */
export function indexCredentials(users: Iterable<AddeparUser>): Credentials {
  const credentials: Credentials = { byKey: new Map(), byToken: new Map() }
  for (const user of users) {
    credentials.byKey.set(user.api_key, user)
    for (const token of user.tokens) credentials.byToken.set(token.token, { user, scopes: token.scopes })
  }
  return credentials
}
