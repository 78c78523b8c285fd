import { UpvestError } from './UpvestError.js'

/** Step 3 of S2, also applied to `/auth/token`: every call names its tenant in `upvest-client-id`. */
export function requireClientId(headers: Headers): string {
  const clientId = headers.get('upvest-client-id')?.trim()
  if (!clientId) {
    throw new UpvestError(400, 'upvest-client-id: header is required', { title: 'Missing Client ID' })
  }
  return clientId
}
