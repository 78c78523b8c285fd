import type { z } from 'zod'

/** A scenario that cannot be loaded; the message names the source, the path inside it and the problem. */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError'

  static fromZod(source: string, error: z.ZodError): ScenarioError {
    const lines = error.issues.map((issue) => `  at ${formatPath(issue.path)}: ${issue.message}`)
    return new ScenarioError(`${source}: invalid scenario\n${lines.join('\n')}`)
  }

  static at(source: string, path: readonly PropertyKey[], problem: string): ScenarioError {
    return new ScenarioError(`${source}: invalid scenario\n  at ${formatPath(path)}: ${problem}`)
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)'
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i ? '.' : ''}${String(part)}`)).join('')
}
