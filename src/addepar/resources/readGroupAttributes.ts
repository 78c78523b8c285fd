import { z } from 'zod'
import { AddeparError } from '../jsonapi/AddeparError.js'
import { groupAttributeKind } from './groupAttributeKind.js'

/** A custom attribute's value: dated, weighted values; all three keys required (docs/addepar.md#attributes). */
const customValue = z.array(z.object({ date: z.iso.date().nullable(), value: z.json(), weight: z.number() }).strict())

export interface GroupAttributes {
  name?: string
  /** `external_id_<key>` and `_custom_<name>_<id>` attributes; `null` removes one. */
  extra: Record<string, unknown>
}

/**
 * The attributes of a group write, checked: `created_at` / `modified_at` cannot be passed in (403, docs/addepar.md#attributes),
 * an attribute Addepar does not know is a 404 ("one or more attributes don't exist"), and external ids and
 * custom attributes must have their documented shapes (400).
 */
export function readGroupAttributes(attributes: Record<string, unknown>, pointer: string): GroupAttributes {
  const result: GroupAttributes = { extra: {} }
  for (const [name, value] of Object.entries(attributes)) {
    const at = `${pointer}/${name}`
    const kind = groupAttributeKind(name)
    if (kind === undefined) throw new AddeparError(404, `Attribute ${name} does not exist`, { pointer: at })
    if (name === 'name') result.name = value as string
    else if (kind === 'standard') {
      throw new AddeparError(403, `${name} is not editable and cannot be passed in`, { pointer: at })
    } else if (value === null) result.extra[name] = null
    else if (kind === 'external_id') {
      if (typeof value !== 'string' || value === '') {
        throw new AddeparError(400, `${name} must be a non-empty string`, { pointer: at })
      }
      result.extra[name] = value
    } else {
      const parsed = customValue.safeParse(value)
      if (!parsed.success) {
        throw new AddeparError(
          400,
          `${name} must be an array of {"date": "YYYY-MM-DD" or null, "value", "weight": number}`,
          { pointer: at },
        )
      }
      result.extra[name] = parsed.data
    }
  }
  return result
}
