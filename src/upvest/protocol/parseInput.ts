import type { z } from 'zod'
import { UpvestError } from './UpvestError.js'

/**
 * Validates client input against a zod schema; the first problem becomes a 400 that names the field or
 * query parameter (docs/upvest.md#validation). `what` names the input as a whole when the problem is at its root.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what = 'request'): z.output<S> {
  const result = schema.safeParse(input, {
    error: (issue) => (issue.input === undefined ? 'is required' : undefined),
  })
  if (result.success) return result.data
  const issue = result.error.issues[0]
  if (!issue) throw new UpvestError(400, `${what}: invalid`)
  if (issue.code === 'unrecognized_keys') {
    throw new UpvestError(400, `${issue.keys.join(', ')}: unknown field${issue.keys.length > 1 ? 's' : ''}`)
  }
  const field = issue.path.length > 0 ? issue.path.join('.') : what
  throw new UpvestError(400, `${field}: ${issue.message}`)
}
