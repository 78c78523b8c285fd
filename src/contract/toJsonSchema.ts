import { z } from 'zod'

/** A JSON Schema (2020-12, the dialect of OpenAPI 3.1) as a plain object. */
export type JsonSchema = { [keyword: string]: unknown }

/** Zod schemas named for `components.schemas`: each one registered becomes a `$ref` wherever it is used. */
export type SchemaRegistry = z.core.$ZodRegistry<{ id: string }>

export function schemaRegistry(): SchemaRegistry {
  return z.registry<{ id: string }>()
}

/** RFC 3339 in UTC with a `Z`: the only timestamp form either API emits. */
const UTC_DATE_TIME = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$'
/** Keywords whose values are data, not schemas: never rewritten. */
const DATA_KEYWORDS = new Set(['const', 'default', 'enum', 'example', 'examples'])

/**
 * The registered zod schemas as OpenAPI 3.1 component schemas, generated with `z.toJSONSchema` so that
 * the documents cannot drift from the types the handlers return. `io` picks the output side (what the
 * sandbox sends) or the input side (what it accepts). The result is tidied for readers: zod's long
 * regular expressions behind `format: uuid | date | date-time` give way to the format (and, for
 * timestamps, a short UTC pattern), and the safe-integer bounds zod puts on every integer are dropped.
 */
export function componentSchemas(registry: SchemaRegistry, io: 'input' | 'output'): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(registry, {
    io,
    target: 'draft-2020-12',
    uri: (id) => `#/components/schemas/${id}`,
  })
  return Object.fromEntries(Object.entries(schemas).map(([id, schema]) => [id, tidy(schema) as JsonSchema]))
}

function tidy(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(tidy)
  if (node === null || typeof node !== 'object') return node
  const out: JsonSchema = {}
  for (const [key, value] of Object.entries(node)) {
    if (key === '$schema' || key === '$id') continue
    out[key] = DATA_KEYWORDS.has(key) ? value : key === 'properties' ? tidyMap(value) : tidy(value)
  }
  if (out.format === 'uuid' || out.format === 'date') delete out.pattern
  if (out.format === 'date-time') out.pattern = UTC_DATE_TIME
  if (out.type === 'integer' || out.type === 'number') {
    if (out.minimum === Number.MIN_SAFE_INTEGER) delete out.minimum
    if (out.maximum === Number.MAX_SAFE_INTEGER) delete out.maximum
  }
  return out
}

/** `properties` maps names to schemas: the names are data, the values are tidied. */
function tidyMap(map: unknown): unknown {
  if (map === null || typeof map !== 'object') return map
  return Object.fromEntries(Object.entries(map).map(([name, schema]) => [name, tidy(schema)]))
}
