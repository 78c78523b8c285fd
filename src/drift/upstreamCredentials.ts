import { z } from 'zod'

/** An empty variable is one not set, as shells and CI secrets that are missing give them. */
const value = z
  .string()
  .optional()
  .transform((each) => each?.trim() || undefined)

/**
 * The real providers' credentials, read from the environment only (never from flags, which shells keep in
 * their history and `ps` shows), and never logged or stored. Each is optional: proxy mode then forwards
 * what the app sends, and verify runs the side whose credentials are there.
 */
export const upstreamCredentials = z
  .object({
    UPVEST_CLIENT_ID: value,
    UPVEST_CLIENT_SECRET: value,
    /** The scopes verify asks Upvest for. */
    UPVEST_SCOPES: value,
    ADDEPAR_API_KEY: value,
    ADDEPAR_API_SECRET: value,
    ADDEPAR_FIRM: value,
  })
  .transform((env) => ({
    upvest:
      env.UPVEST_CLIENT_ID && env.UPVEST_CLIENT_SECRET
        ? {
            clientId: env.UPVEST_CLIENT_ID,
            clientSecret: env.UPVEST_CLIENT_SECRET,
            scopes: env.UPVEST_SCOPES ?? 'users:read accounts:read accounts:admin',
          }
        : undefined,
    addepar:
      env.ADDEPAR_API_KEY && env.ADDEPAR_API_SECRET && env.ADDEPAR_FIRM
        ? { key: env.ADDEPAR_API_KEY, secret: env.ADDEPAR_API_SECRET, firm: env.ADDEPAR_FIRM }
        : undefined,
  }))
export type UpstreamCredentials = z.output<typeof upstreamCredentials>
