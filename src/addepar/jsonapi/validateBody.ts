import type { z } from 'zod'
import { AddeparError } from './AddeparError.js'

const toPointer = (path: readonly PropertyKey[]) =>
  path.map((key) => `/${String(key).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('')

/**
 * A request body checked against its schema. A wrong or missing JSON:API `type` anywhere is a 409, the
 * status Addepar gives when "type was not specified as groups" (docs/addepar.md#create-groups, #update-groups); it wins over other problems,
 * which are 400s naming the first field at fault.
 */
export function validateBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body)
  if (result.success) return result.data
  const { issues } = result.error
  const typeIssue = issues.find((issue) => issue.path.at(-1) === 'type')
  if (typeIssue) {
    const expected = typeIssue.code === 'invalid_value' ? ` "${String(typeIssue.values[0])}"` : ' a resource type'
    throw new AddeparError(409, `${toPointer(typeIssue.path)} must be${expected}`, {
      pointer: toPointer(typeIssue.path),
    })
  }
  const issue = issues[0] as z.core.$ZodIssue
  const pointer = toPointer(issue.path)
  throw new AddeparError(400, `${pointer || 'The body'}: ${issue.message}`, { pointer })
}
