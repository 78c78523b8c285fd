/** The default scenario's full-scope Upvest client. */
export const FULL_CLIENT = {
  id: '2f5a3c1e-8b4d-4e6f-9a7b-1c2d3e4f5a6b',
  secret: 'sandbox-secret-acme-full',
}

export const DOCUMENTED_ACCOUNT_GROUP = {
  id: '9d95820d-4333-46b6-98de-04ab7512e76f',
  created_at: '2020-08-24T14:15:22Z',
  updated_at: '2020-08-24T14:15:22Z',
  type: 'PERSONAL',
  status: 'ACTIVE',
  users: [{ id: '413715f2-5401-4b97-8055-034a6b879f8c', type: 'OWNER' }],
  securities_account_number: '123456789',
}

/** Fetches a bearer token with client credentials, as an Upvest client does. */
export async function upvestToken(origin: string, scope = 'accounts:read', client = FULL_CLIENT): Promise<string> {
  const response = await fetch(`${origin}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'upvest-client-id': client.id },
    body: new URLSearchParams({
      client_id: client.id,
      client_secret: client.secret,
      grant_type: 'client_credentials',
      scope,
    }),
  })
  if (response.status !== 200) throw new Error(`token: ${response.status} ${await response.text()}`)
  return ((await response.json()) as { access_token: string }).access_token
}

export function upvestHeaders(token: string, client = FULL_CLIENT): Record<string, string> {
  return { authorization: `Bearer ${token}`, 'upvest-client-id': client.id, accept: 'application/json' }
}
