import { z } from 'zod'

/**
 * One way a real provider's answer differs from what the sandbox documents (docs/drift.md). It holds only
 * shapes and the offending value where that value is a documented token (a status, an enum value, a media
 * type), never a body: findings are stored in the journal and served by `GET /__sandbox/drift`.
 */
export const driftFinding = z.object({
  api: z.enum(['upvest', 'addepar']),
  /** The document's `operationId`, or `(unmatched route)`. */
  operation: z.string(),
  method: z.string(),
  /** The path template, e.g. `/v1/groups/{id}`. */
  path: z.string(),
  kind: z.enum([
    'status',
    'media-type',
    'header-missing',
    'field-missing',
    'field-extra',
    'enum-value',
    'type',
    'constraint',
    'not-json',
  ]),
  /** A JSON pointer into the answer seen as `{ status, headers, body }`: `/status`, `/headers/upvest-request-id`, `/body/data/0/id`. */
  pointer: z.string(),
  expected: z.string(),
  seen: z.string(),
})
export type DriftFinding = z.infer<typeof driftFinding>
export type DriftKind = DriftFinding['kind']
