/** The JSON type of a value, as a shape keeps it: `string`, `integer`, `number`, `boolean`, `null`, `array`, `object`, or `absent`. */
export function kindOf(value: unknown): string {
  if (value === undefined) return 'absent'
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number'
  return typeof value
}
