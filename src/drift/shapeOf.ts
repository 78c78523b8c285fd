import { kindOf } from './kindOf.js'

/**
 * A JSON value with every scalar replaced by its type, and an array by the shape of its first item: what a
 * provider answered, without what it said, for stores that must not keep personal data or secrets.
 */
export function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? [] : [shapeOf(value[0])]
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, each]) => [key, shapeOf(each)]))
  }
  return kindOf(value)
}
