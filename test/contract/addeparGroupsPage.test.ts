import { describe, expect, it } from 'vitest'
import page from '../../fixtures/addepar-groups-page-contract.json' with { type: 'json' }
import { addeparOpenApi } from '../../src/addepar/openapi/openapi.js'
import { OpenApiValidator } from '../../src/contract/OpenApiValidator.js'
import type { JsonSchema } from '../../src/contract/toJsonSchema.js'
import type { HttpMethod, Operation } from '../../src/contract/types.js'

// The sandbox's Addepar document against Addepar's Groups page, whose documented operations, statuses, example
// responses and resource attributes fixtures/addepar-groups-page-contract.json holds as data, as
// documents.test.ts compares the Upvest document with Upvest's OpenAPI 1.9.0. Where the page is wrong, an
// erratum of the fixture says how the sandbox reads it (docs/addepar.md#contradictions), and is checked too.

const document = addeparOpenApi()
const validator = new OpenApiValidator('addepar', document)
const JSON_API = 'application/vnd.api+json'

interface Erratum {
  operation: string
  /** A status the page lists, and the one the sandbox answers instead (null: none). */
  status?: number
  reading?: number | null
  /** An RFC 7386 merge patch that turns the page's example into what the sandbox answers. */
  patch?: Record<string, unknown>
  why: string
}
const errata = page.errata as Erratum[]

const key = (operation: { method: string; path: string }) => `${operation.method} ${operation.path}`
const template = (path: string) => path.replace(/:([a-z_]+)/g, '{$1}')
const documented = (method: string, path: string) =>
  document.paths[template(path)]?.[method.toLowerCase() as HttpMethod] as Operation | undefined

/** RFC 7386: objects merge member by member, `null` removes a member, anything else replaces. */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch
  const out: Record<string, unknown> =
    target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...target } : {}
  for (const [name, value] of Object.entries(patch)) {
    if (value === null) delete out[name]
    else out[name] = mergePatch(out[name], value)
  }
  return out
}

const checkExample = (operation: (typeof page.operations)[number], body: unknown) =>
  validator.check(operation.method, template(operation.path).replace('{id}', '5'), {
    status: operation.example.status,
    headers: new Headers({ 'content-type': JSON_API }),
    body: JSON.stringify(body),
  }).errors

describe.each(page.operations.map((operation) => [`${operation.title}: ${key(operation)}`, operation] as const))(
  '%s',
  (_, operation) => {
    const mine = errata.filter((erratum) => erratum.operation === key(operation))

    it('is an operation of the document, with every status the page lists', () => {
      const responses = Object.keys(documented(operation.method, operation.path)?.responses ?? {})
      expect(responses, 'no such operation in the document').not.toEqual([])
      for (const status of Object.keys(operation.responses).map(Number)) {
        const erratum = mine.find((each) => each.status === status)
        if (!erratum) {
          expect(responses, `status ${status}`).toContain(String(status))
          continue
        }
        // The page's status is not the sandbox's; the one the sandbox reads it as is documented instead.
        expect(responses, `status ${status} (${erratum.why})`).not.toContain(String(status))
        if (erratum.reading != null) expect(responses).toContain(String(erratum.reading))
      }
    })

    it('answers the page’s example within the document', () => {
      const { status, body } = operation.example
      const erratum = mine.find((each) => each.patch)
      if (body === null) {
        const response = documented(operation.method, operation.path)?.responses[String(status)] as
          | { content?: unknown }
          | undefined
        expect(response).toBeDefined()
        expect(response?.content, 'the page shows no body').toBeUndefined()
        return
      }
      if (erratum) {
        // The erratum is needed: the example as printed is outside the document, as patched within it.
        expect(checkExample(operation, body), erratum.why).not.toEqual([])
        expect(checkExample(operation, mergePatch(body, erratum.patch))).toEqual([])
      } else {
        expect(checkExample(operation, body)).toEqual([])
      }
    })
  },
)

describe('the Groups page as a whole', () => {
  it('lists every route of the page’s endpoint list, each erratum about one of them', () => {
    const operations = new Set(page.operations.map(key))
    expect(operations.size).toBe(16)
    for (const erratum of errata) expect(operations, erratum.operation).toContain(erratum.operation)
  })

  it('has the resource’s attributes and relationships in the document’s Group schema', () => {
    /** The schema at a path of `properties` names in the document's `Group`. */
    const at = (...names: string[]) =>
      names.reduce<JsonSchema | undefined>(
        (schema, name) => (schema?.properties as Record<string, JsonSchema> | undefined)?.[name],
        document.components.schemas?.Group,
      )
    expect(at('type')).toMatchObject({ const: page.resource.type })
    for (const attribute of page.resource.attributes) {
      expect(at('attributes', attribute), attribute).toMatchObject({ type: 'string' })
    }
    for (const [name, { type, many }] of Object.entries(page.resource.relationships)) {
      const data = at('relationships', name, 'data')
      expect(data, name).toMatchObject({ type: many ? 'array' : 'object' })
      const identifier = (many ? data?.items : data) as JsonSchema
      expect(identifier.properties, name).toMatchObject({ type: { const: type } })
    }
  })
})
