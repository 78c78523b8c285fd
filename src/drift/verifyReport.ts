import { z } from 'zod'
import { driftFinding } from '../contract/driftFinding.js'

const side = z.object({
  /** 0 when the step did not run (an earlier answer lacked an id it needs) or got no answer. */
  status: z.number().int(),
  /** Why there was no answer: refused, timed out, not run. */
  error: z.string().optional(),
})

/** The JSON report `wealth-sandbox verify` writes (docs/drift.md#verify): per step, both statuses and the drift. */
export const verifyReport = z.object({
  format: z.literal('wealth-sandbox/verify-report@1'),
  upstream: z.object({ upvest: z.string().optional(), addepar: z.string().optional() }),
  /** Findings in all. */
  drift: z.number().int(),
  /** Steps the upstream gave no answer to. */
  errors: z.number().int(),
  steps: z.array(
    z.object({
      step: z.string(),
      api: z.enum(['upvest', 'addepar']),
      method: z.string(),
      operation: z.string(),
      /** The path template of the operation. */
      path: z.string(),
      sandbox: side,
      upstream: side,
      findings: z.array(driftFinding),
    }),
  ),
})
export type VerifyReport = z.infer<typeof verifyReport>
