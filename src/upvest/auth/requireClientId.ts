import type { HeaderLookup } from '../../engine/EngineRequest.js'
import { UpvestError } from '../protocol/UpvestError.js'

/** Step 3 of the gatekeeping chain (docs/upvest.md#client-id), also applied to `/auth/token`: every call names its tenant in `upvest-client-id`. */
export function requireClientId(headers: HeaderLookup): string {
  const clientId = headers.get('upvest-client-id')?.trim()
  if (!clientId) {
    throw new UpvestError(400, 'upvest-client-id: header is required', { title: 'Missing Client ID' })
  }
  return clientId
}
