import type { z } from 'zod'

/**
 * A control operation that cannot be done as asked: bad input (400), an unknown id (404) or a conflict
 * (409). In-process it is thrown by `sandbox.control`; over HTTP it is the `{ error, field }` body, and
 * the typed client throws it again.
 */
export class ControlError extends Error {
  override readonly name = 'ControlError'

  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message)
  }

  /** The first issues of a failed validation, each with the path of the field at fault. */
  static fromZod(error: z.ZodError, prefix = ''): ControlError {
    const issues = error.issues.slice(0, 5).map((issue) => {
      const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.')
      return `${path || '(body)'}: ${issue.message}`
    })
    const first = error.issues[0]
    const field = first ? [prefix, ...first.path.map(String)].filter(Boolean).join('.') : undefined
    return new ControlError(400, issues.join('; '), field || undefined)
  }
}
