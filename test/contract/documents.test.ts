import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { Validator } from '@seriousme/openapi-schema-validator'
import { beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { addeparOpenApi } from '../../src/addepar/openapi/openapi.js'
import { addeparRoutes } from '../../src/addepar/routes/addeparRoutes.js'
import { OpenApiValidator } from '../../src/contract/OpenApiValidator.js'
import type { JsonSchema } from '../../src/contract/toJsonSchema.js'
import {
  HTTP_METHODS,
  type MediaType,
  type OpenApiDocument,
  type Operation,
  type Reference,
  type RequestBody,
  type Response,
} from '../../src/contract/types.js'
import { controlRoutes } from '../../src/control/controlRoutes.js'
import { controlOpenApi } from '../../src/sandbox/control/controlOpenApi.js'
import { upvestOpenApi } from '../../src/upvest/openapi/openapi.js'
import { upvestControlRoutes } from '../../src/upvest/routes/upvestControlRoutes.js'
import { upvestRoutes } from '../../src/upvest/routes/upvestRoutes.js'

// The documents themselves: valid OpenAPI 3.1, every schema compiles in Ajv's strict mode, every example
// matches its schema, every route the handlers serve is documented (and nothing else), and the shapes
// agree with the documented behaviour (docs/upvest.md, docs/addepar.md) and with Upvest's own OpenAPI 1.9.0.

const documents = { upvest: upvestOpenApi(), addepar: addeparOpenApi() }
type Api = keyof typeof documents
const APIS = Object.keys(documents) as Api[]

const escapePointer = (segment: string) => segment.replaceAll('~', '~0').replaceAll('/', '~1')
const isReference = (value: unknown): value is Reference =>
  typeof value === 'object' && value !== null && '$ref' in value

function resolveRef<T>(document: OpenApiDocument, value: T | Reference): { value: T; pointer?: string } {
  if (!isReference(value)) return { value }
  const pointer = value.$ref.slice(1)
  const target = pointer
    .split('/')
    .slice(1)
    .reduce<unknown>(
      (node, segment) => (node as Record<string, unknown>)[segment.replaceAll('~1', '/').replaceAll('~0', '~')],
      document,
    )
  return { value: target as T, pointer }
}

/** Every example of a media type in the document, with the pointer of the schema it illustrates. */
function examples(document: OpenApiDocument): { where: string; schema: string; value: unknown }[] {
  const found: { where: string; schema: string; value: unknown }[] = []
  const collect = (content: Record<string, MediaType> | undefined, at: string) => {
    for (const [mediaType, media] of Object.entries(content ?? {})) {
      for (const [name, example] of Object.entries(media.examples ?? {})) {
        const value = resolveRef(document, example).value.value
        found.push({
          where: `${at} ${mediaType} ${name}`,
          schema: `${at}/content/${escapePointer(mediaType)}/schema`,
          value,
        })
      }
    }
  }
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method] as Operation | undefined
      if (!operation) continue
      const at = `/paths/${escapePointer(path)}/${method}`
      if (operation.requestBody) {
        const body = resolveRef<RequestBody>(document, operation.requestBody)
        collect(body.value.content, body.pointer ?? `${at}/requestBody`)
      }
      for (const [status, response] of Object.entries(operation.responses)) {
        const resolved = resolveRef<Response>(document, response)
        collect(resolved.value.content, resolved.pointer ?? `${at}/responses/${status}`)
      }
    }
  }
  for (const [name, item] of Object.entries(document.webhooks ?? {})) {
    const operation = item.post as Operation
    collect((operation.requestBody as RequestBody).content, `/webhooks/${escapePointer(name)}/post/requestBody`)
  }
  return found
}

describe.each(APIS)('the %s document', (api) => {
  const document = documents[api]

  it('is a valid OpenAPI 3.1 document', async () => {
    expect(document.openapi).toMatch(/^3\.1\.\d+$/)
    const result = await new Validator().validate(structuredClone(document) as unknown as Record<string, unknown>)
    expect(result.errors ?? []).toEqual([])
    expect(result.valid).toBe(true)
  })

  it('compiles every response schema and header in strict mode', () => {
    expect(new OpenApiValidator(api, document).compileAll()).toBeGreaterThan(100)
  })

  it('has examples, each matching its schema', () => {
    const validator = new OpenApiValidator(api, document)
    const all = examples(document)
    expect(all.length).toBeGreaterThan(20)
    for (const { where, schema, value } of all) expect(validator.validateAt(schema, value), where).toEqual([])
  })

  it('gives every operation a unique id, a summary, 429 and 500', () => {
    const ids = new Set<string>()
    for (const item of Object.values(document.paths)) {
      for (const method of HTTP_METHODS) {
        const operation = item[method] as Operation | undefined
        if (!operation) continue
        expect(ids.has(operation.operationId)).toBe(false)
        ids.add(operation.operationId)
        expect(operation.summary).toBeTruthy()
        // Every route counts against a rate limit and answers unexpected failures in the API's error format.
        expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['429', '500']))
      }
    }
  })
})

describe('the documents and the route tables', () => {
  const tables = { upvest: upvestRoutes, addepar: addeparRoutes }

  /** `METHOD /path/{param}` of every route, relative to its API's base URL. */
  function routes(api: Api): string[] {
    return tables[api].map((route) => `${route.method} ${route.path.replace(/:([A-Za-z_]+)/g, '{$1}')}`)
  }

  function documented(api: Api): string[] {
    return Object.entries(documents[api].paths).flatMap(([path, item]) =>
      HTTP_METHODS.filter((method) => item[method]).map((method) => `${method.toUpperCase()} ${path}`),
    )
  }

  // Path parameter names may differ (`:id` in a handler, `{account_group_id}` in the document).
  const shape = (route: string) => route.replace(/\{[^}]+\}/g, '{}')

  it.each(APIS)('%s: documents exactly the routes the route table serves', (api) => {
    expect(routes(api).map(shape).sort()).toEqual(documented(api).map(shape).sort())
  })

  it('documents unknown routes: a 404 on Upvest, a 404 or 405 on Addepar', () => {
    expect(Object.keys(documents.upvest['x-unmatched-route'] ?? {})).toEqual(['404'])
    expect(Object.keys(documents.addepar['x-unmatched-route'] ?? {})).toEqual(['404', '405'])
  })
})

describe('the control API’s document', () => {
  const control = controlOpenApi()

  it('is a valid OpenAPI 3.1 document whose every response schema compiles in strict mode', async () => {
    const result = await new Validator().validate(structuredClone(control) as unknown as Record<string, unknown>)
    expect(result.errors ?? []).toEqual([])
    expect(new OpenApiValidator('control', control).compileAll()).toBeGreaterThan(50)
  })

  it('documents exactly the routes a sandbox’s control mount serves, each with 500', () => {
    const served = [...controlRoutes, ...upvestControlRoutes].map(
      (route) => `${route.method} ${route.path.replace(/:([A-Za-z_]+)/g, '{$1}')}`,
    )
    const listed = Object.entries(control.paths).flatMap(([path, item]) =>
      HTTP_METHODS.filter((method) => item[method]).map((method) => `${method.toUpperCase()} ${path}`),
    )
    expect(listed.sort()).toEqual(served.sort())
    for (const item of Object.values(control.paths)) {
      for (const method of HTTP_METHODS) {
        const operation = item[method] as Operation | undefined
        if (operation) expect(Object.keys(operation.responses), operation.operationId).toContain('500')
      }
    }
  })
})

describe('the shapes agree with the documented behaviour', () => {
  const schemas = (api: Api) => documents[api].components.schemas as Record<string, JsonSchema>
  const property = (schema: JsonSchema, name: string) => (schema.properties as Record<string, JsonSchema>)[name]

  it('Upvest: the account group, its enums and the webhook types', () => {
    const { AccountGroup, AccountGroupType, AccountGroupStatus, AccountGroupUserType, WebhookType } = schemas('upvest')
    expect(AccountGroup?.required).toEqual([
      'id',
      'created_at',
      'updated_at',
      'users',
      'status',
      'type',
      'securities_account_number',
    ])
    expect(AccountGroup?.additionalProperties).toBe(false)
    expect(AccountGroupType?.enum).toEqual(['PERSONAL', 'LEGAL_ENTITY', 'FRENCH_PEA', 'ISA', 'CHILD'])
    expect(AccountGroupStatus?.enum).toEqual(['PENDING_APPROVAL', 'ACTIVE', 'CLOSING', 'CLOSED', 'LOCKED'])
    expect(AccountGroupUserType?.enum).toEqual(['OWNER', 'CHILD', 'GUARDIAN'])
    expect(property(AccountGroup as JsonSchema, 'securities_account_number')?.pattern).toBe('^[0-9]{9}$')
    expect(WebhookType?.enum).toHaveLength(27)
  })

  it('Upvest: problem details with all six fields, status as an integer (docs/upvest.md#error-body)', () => {
    const { ProblemDetails } = schemas('upvest')
    expect(ProblemDetails?.required).toEqual(['type', 'status', 'title', 'detail', 'instance', 'request_id'])
    expect(property(ProblemDetails as JsonSchema, 'status')?.type).toBe('integer')
  })

  it('Addepar: JSON:API errors with status as a string, groups with their three relationships (docs/addepar.md#errors, #group-resource)', () => {
    const { ErrorDocument, Group } = schemas('addepar')
    const errors = property(ErrorDocument as JsonSchema, 'errors') as JsonSchema
    expect(property(errors.items as JsonSchema, 'status')?.type).toBe('string')
    const relationships = property(Group as JsonSchema, 'relationships') as JsonSchema
    expect(relationships.required).toEqual(['members', 'group_type', 'child_groups'])
  })
})

// Upvest's own document, vendored unchanged with its Apache-2.0 licence (vendor/upvest-openapi-1.9.0/README.md).
const UPSTREAM = resolve(import.meta.dirname, '../../vendor/upvest-openapi-1.9.0/openapi.yaml')

describe('the Upvest document and Upvest’s OpenAPI 1.9.0', () => {
  it('has the vendored copy of 1.9.0 (vendor/upvest-openapi-1.9.0)', () => {
    expect(existsSync(UPSTREAM)).toBe(true)
  })

  let upstream: OpenApiDocument
  beforeAll(async () => {
    upstream = parse(await readFile(UPSTREAM, 'utf8'), { maxAliasCount: -1 }) as OpenApiDocument
  }, 60_000)

  /** The sandbox's deliberate differences (docs/upvest.md#routes, #verify-keys): statuses it never answers. */
  const NEVER = new Set(['503', '504'])
  const NOT_HERE: Record<string, string[]> = { get_jwks: ['401', '403'] }

  const operations = () =>
    Object.entries(documents.upvest.paths).flatMap(([path, item]) =>
      HTTP_METHODS.filter((method) => item[method]).map((method) => ({
        path,
        method,
        ours: item[method] as Operation,
        theirs: upstream.paths[path]?.[method] as Operation | undefined,
      })),
    )

  it('has every route under the same path, method and operationId', () => {
    for (const { path, method, ours, theirs } of operations()) {
      expect(theirs, `${method} ${path}`).toBeDefined()
      expect(ours.operationId).toBe(theirs?.operationId)
    }
  })

  it('answers the same success status and every error status 1.9.0 documents', () => {
    for (const { path, method, ours, theirs } of operations()) {
      const theirStatuses = Object.keys(theirs?.responses ?? {})
      const success = theirStatuses.filter((status) => status.startsWith('2'))
      expect(
        Object.keys(ours.responses).filter((status) => status.startsWith('2')),
        `${method} ${path}`,
      ).toEqual(success)
      const errors = theirStatuses.filter(
        (status) => !status.startsWith('2') && !NEVER.has(status) && !NOT_HERE[ours.operationId]?.includes(status),
      )
      expect(Object.keys(ours.responses), `${method} ${path}`).toEqual(expect.arrayContaining(errors))
    }
  })

  /** Walks both success schemas side by side: every enum of 1.9.0 is within ours, every field we send is theirs. */
  function compare(theirs: JsonSchema, ours: JsonSchema, at: string, problems: string[]) {
    const t = resolveRef<JsonSchema>(upstream, theirs as JsonSchema | Reference).value
    const o = resolveRef<JsonSchema>(documents.upvest, ours as JsonSchema | Reference).value
    const variants = (t.anyOf ?? t.oneOf) as JsonSchema[] | undefined
    if (variants) {
      const names = new Set(variants.flatMap((variant) => Object.keys((variant.properties as object) ?? {})))
      for (const name of Object.keys((o.properties as object) ?? {})) {
        if (!names.has(name)) problems.push(`${at}.${name} is not in 1.9.0`)
      }
      return
    }
    if (Array.isArray(t.enum) && Array.isArray(o.enum)) {
      const missing = (t.enum as unknown[]).filter((value) => !(o.enum as unknown[]).includes(value))
      if (missing.length > 0) problems.push(`${at}: 1.9.0 allows ${missing.join(', ')}`)
    }
    const theirProperties = (t.properties ?? {}) as Record<string, JsonSchema>
    for (const [name, schema] of Object.entries((o.properties ?? {}) as Record<string, JsonSchema>)) {
      const counterpart = theirProperties[name]
      if (!counterpart) problems.push(`${at}.${name} is not in 1.9.0`)
      else compare(counterpart, schema, `${at}.${name}`, problems)
    }
    if (t.items && o.items) compare(t.items as JsonSchema, o.items as JsonSchema, `${at}[]`, problems)
  }

  it('sends only fields 1.9.0 has, with every enum value 1.9.0 allows', () => {
    const problems: string[] = []
    for (const { path, method, ours, theirs } of operations()) {
      for (const [status, response] of Object.entries(ours.responses)) {
        if (!status.startsWith('2')) continue
        const mine = resolveRef<Response>(documents.upvest, response).value.content?.['application/json']?.schema
        const upstreamResponse = resolveRef<Response>(upstream, theirs?.responses[status] as Response).value
        const their = upstreamResponse.content?.['application/json']?.schema
        if (mine && their) compare(their, mine, `${method.toUpperCase()} ${path} ${status}`, problems)
      }
    }
    expect(problems).toEqual([])
  })
})
