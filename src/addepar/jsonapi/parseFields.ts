import { groupAttributeKind } from '../resources/groupAttributeKind.js'
import { ENTITY_ATTRIBUTES } from '../resources/toEntityResource.js'
import { AddeparError } from './AddeparError.js'

const KNOWN: Record<'groups' | 'entities', (name: string) => boolean> = {
  groups: (name) => groupAttributeKind(name) !== undefined,
  entities: (name) => (ENTITY_ATTRIBUTES as readonly string[]).includes(name),
}

/**
 * `fields[groups]` or `fields[entities]`: the attributes to return, or undefined for all (docs/addepar.md#filters). Spaces are
 * ignored and `[]` asks for none; a name that is no attribute of the resource is a 400.
 */
export function parseFields(params: URLSearchParams, resource: 'groups' | 'entities'): string[] | undefined {
  const parameter = `fields[${resource}]`
  const value = params.get(parameter)
  if (value === null) return undefined
  const names = value.replace(/\s+/g, '')
  if (names === '[]') return []
  const fields = names.split(',').filter(Boolean)
  const unknown = fields.find((name) => !KNOWN[resource](name))
  if (unknown !== undefined) {
    throw new AddeparError(400, `${parameter}: ${unknown} is not an attribute of ${resource}`, { parameter })
  }
  return fields
}
