// The default scenario's credentials both benchmarks use, and the Upvest token they start with.

export const UPVEST_CLIENT = '2f5a3c1e-8b4d-4e6f-9a7b-1c2d3e4f5a6b'

export const ADDEPAR_AUTH = {
  authorization: `Basic ${Buffer.from('sandbox-admin-key:sandbox-admin-secret').toString('base64')}`,
  'addepar-firm': '123',
}

/** An Upvest access token with every scope the cases use, from the token endpoint at `origin`. */
export async function upvestToken(origin: string): Promise<string> {
  const response = await fetch(`${origin}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'upvest-client-id': UPVEST_CLIENT },
    body: new URLSearchParams({
      client_id: UPVEST_CLIENT,
      client_secret: 'sandbox-secret-acme-full',
      grant_type: 'client_credentials',
      scope: 'accounts:read accounts:admin users:read',
    }),
  })
  return ((await response.json()) as { access_token: string }).access_token
}
