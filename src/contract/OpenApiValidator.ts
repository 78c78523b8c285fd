import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import formats from 'ajv-formats'
import type { JsonSchema } from './toJsonSchema.js'
import {
  type Header,
  HTTP_METHODS,
  type HttpMethod,
  type MediaType,
  type OpenApiDocument,
  type Operation,
  type Parameter,
  type Reference,
  type RequestBody,
  type Response,
} from './types.js'

// Checks responses of the sandbox, and the webhook deliveries it sends, against its own OpenAPI 3.1 documents
// with Ajv, in Node and in a browser alike. Used by the test suite's fetch wrappers (test/contract/setup.ts,
// test/contract/setup.browser.ts) and the contract tests; never by the handlers.

/** The operation a response belongs to: an operation of the document, or a route the document lacks. */
export interface Matched {
  /** `operationId`, or `(unmatched route)`. */
  operationId: string
  method: string
  /** The path template, e.g. `/account_groups/{account_group_id}`; the request path when unmatched. */
  path: string
  responses: Record<string, Response | Reference>
}

export interface ResponseCheck {
  api: string
  operationId: string
  method: string
  path: string
  status: number
  /** Whether the status is documented for the operation. */
  documented: boolean
  /** Checked as a fault the request asked for itself (`x-injected-fault`) rather than as the operation. */
  injected?: boolean
  /** Problems found; empty when the response is within the contract. */
  errors: string[]
}

export interface CheckedResponse {
  status: number
  headers: Headers
  /** The body as text; '' when there is none. */
  body: string
}

export const UNMATCHED = '(unmatched route)'
export const LOCAL_SERVER = '(local server)'

/**
 * Headers any HTTP response may carry whatever the API documents: transport, CORS (the local server) and
 * the sandbox's own `x-sandbox-*` headers. Every other header must be documented for the status.
 */
const TRANSPORT_HEADERS = new Set(['content-length', 'date', 'connection', 'keep-alive', 'transfer-encoding', 'vary'])
const isGenericHeader = (name: string) =>
  TRANSPORT_HEADERS.has(name) || name.startsWith('access-control-') || name.startsWith('x-sandbox-')

const mediaTypeOf = (contentType: string | null) => contentType?.split(';', 1)[0]?.trim().toLowerCase() ?? ''
const isJson = (mediaType: string) => mediaType === 'application/json' || mediaType.endsWith('+json')
const escapePointer = (segment: string) => segment.replaceAll('~', '~0').replaceAll('/', '~1')

interface Route {
  template: string
  pattern: RegExp
  /** Literal segments first: `/v1/groups/query` before `/v1/groups/{id}`. */
  literals: number
  item: OpenApiDocument['paths'][string]
}

/**
 * Validates responses against one OpenAPI 3.1 document with Ajv's JSON Schema 2020-12 validator (the
 * dialect of OpenAPI 3.1) in strict mode, formats checked by ajv-formats. A response is within the
 * contract when its status is documented for its operation (or, for a route the document lacks, in
 * `x-unmatched-route`; for the local server's own answers, in `x-local-server`; for a fault the request asked for
 * itself, in `x-injected-fault`), every required header is there and matches its schema, no other header is sent
 * beyond transport, CORS and `x-sandbox-*` ones, its media type is a documented one, and its body matches
 * that schema (or it has no body where none is documented).
 */
export class OpenApiValidator {
  readonly #ajv: Ajv2020
  readonly #root: string
  readonly #routes: Route[]
  readonly #compiled = new Map<string, ValidateFunction>()

  constructor(
    readonly api: string,
    readonly document: OpenApiDocument,
  ) {
    this.#ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true, validateFormats: true })
    formats.default(this.#ajv)
    // OpenAPI 3.1's base vocabulary: annotations Ajv does not know.
    this.#ajv.addVocabulary(['example', 'discriminator', 'xml', 'externalDocs'])
    this.#root = `https://wealth-sandbox.invalid/openapi/${api}.json`
    // The whole document under one id, so that `#/components/schemas/...` references resolve in it. Its
    // top-level members become annotations, so that the root itself compiles in strict mode.
    this.#ajv.addVocabulary(Object.keys(document).filter((key) => !this.#ajv.getKeyword(key)))
    this.#ajv.addSchema({ ...document, $id: this.#root } as object, undefined, undefined, false)
    this.#routes = Object.entries(document.paths)
      .map(([template, item]) => ({
        template,
        pattern: new RegExp(
          `^${template
            .split('/')
            .map((segment) => (/^\{.+\}$/.test(segment) ? '[^/]+' : segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
            .join('/')}$`,
        ),
        literals: template.split('/').filter((segment) => segment && !segment.startsWith('{')).length,
        item,
      }))
      .sort((a, b) => b.literals - a.literals)
  }

  /** The documented operation for a method and path (the path as in `paths`, without the server's prefix). */
  match(method: string, path: string): Matched {
    const normalised = path.length > 1 ? path.replace(/\/+$/, '') : path
    const lower = method.toLowerCase() as HttpMethod
    for (const route of this.#routes) {
      if (!route.pattern.test(normalised)) continue
      const operation = HTTP_METHODS.includes(lower) ? route.item[lower] : undefined
      if (operation) {
        return {
          operationId: operation.operationId,
          method: method.toUpperCase(),
          path: route.template,
          responses: operation.responses,
        }
      }
    }
    return {
      operationId: UNMATCHED,
      method: method.toUpperCase(),
      path: normalised,
      responses: this.document['x-unmatched-route'] ?? {},
    }
  }

  /** Every documented operation with its statuses, `x-unmatched-route` last. */
  operations(): (Matched & { statuses: string[] })[] {
    const out = []
    for (const [path, item] of Object.entries(this.document.paths)) {
      for (const method of HTTP_METHODS) {
        const operation = item[method] as Operation | undefined
        if (operation) {
          out.push({
            operationId: operation.operationId,
            method: method.toUpperCase(),
            path,
            responses: operation.responses,
            statuses: Object.keys(operation.responses),
          })
        }
      }
    }
    const unmatched = this.document['x-unmatched-route']
    if (unmatched) {
      out.push({
        operationId: UNMATCHED,
        method: '*',
        path: '*',
        responses: unmatched,
        statuses: Object.keys(unmatched),
      })
    }
    const local = this.document['x-local-server']
    if (local)
      out.push({ operationId: LOCAL_SERVER, method: '*', path: '*', responses: local, statuses: Object.keys(local) })
    return out
  }

  /**
   * Checks one response to `method path`. A status the operation does not document is held, with `local`
   * (the response came from the local server), to `x-local-server`, and, when it is `requestedStatus` (the
   * status the request's own `x-sandbox-fault` or `Prefer: code=` header asked for), to `x-injected-fault`:
   * an error in the API's format. Any other undocumented status is outside the contract, a fault rule's
   * included: a rule is set apart from the request, so nothing in the exchange shows that it fired.
   */
  check(
    method: string,
    path: string,
    response: CheckedResponse,
    options: { requestedStatus?: number; local?: boolean } = {},
  ): ResponseCheck {
    const matched = this.match(method, path)
    const errors: string[] = []
    const result: ResponseCheck = {
      api: this.api,
      operationId: matched.operationId,
      method: matched.method,
      path: matched.path,
      status: response.status,
      documented: false,
      errors,
    }
    const key = this.#responseKey(matched.responses, response.status)
    let pointer: string
    let spec: Response | Reference
    if (key !== undefined) {
      result.documented = true
      pointer = this.#operationPointer(matched, key)
      spec = matched.responses[key] as Response | Reference
    } else if (options.local && this.document['x-local-server']?.[String(response.status)]) {
      result.documented = true
      result.operationId = LOCAL_SERVER
      result.method = '*'
      result.path = '*'
      pointer = `/x-local-server/${response.status}`
      spec = this.document['x-local-server'][String(response.status)] as Response | Reference
    } else if (
      options.requestedStatus === response.status &&
      response.status >= 400 &&
      this.document['x-injected-fault']?.default
    ) {
      result.injected = true
      pointer = '/x-injected-fault/default'
      spec = this.document['x-injected-fault'].default
    } else {
      errors.push(
        `status ${response.status} is not documented for ${matched.operationId} ` +
          `(documented: ${Object.keys(matched.responses).join(', ') || 'none'})`,
      )
      return result
    }
    const { value, pointer: at } = this.#resolve<Response>(spec, pointer)
    this.#checkHeaders(value, at, response.headers, errors)
    this.#checkBody(value, at, response, errors)
    return result
  }

  /**
   * Checks a request the API sends rather than answers, one of the document's `webhooks` (its POST): every
   * required header parameter is there and matches its schema, the media type is a documented one, and the
   * body matches that schema. Returns the problems found; none when the request is within the contract.
   */
  checkWebhook(name: string, request: { headers: Headers; body: string }): string[] {
    const operation = this.document.webhooks?.[name]?.post as Operation | undefined
    if (!operation) return [`no webhook ${name} in the ${this.api} document`]
    const at = `/webhooks/${escapePointer(name)}/post`
    const errors: string[] = []
    for (const [index, parameter] of (operation.parameters ?? []).entries()) {
      const { value, pointer } = this.#resolve<Parameter>(parameter, `${at}/parameters/${index}`)
      if (value.in !== 'header') continue
      const sent = request.headers.get(value.name)
      if (sent === null) {
        if (value.required) errors.push(`header ${value.name} is required but missing`)
      } else if (value.schema) {
        for (const problem of this.validateAt(`${pointer}/schema`, sent)) {
          errors.push(`header ${value.name}: ${problem.replace(/^data\b/, 'value')}`)
        }
      }
    }
    const { value: body, pointer } = this.#resolve<RequestBody>(
      operation.requestBody as RequestBody | Reference,
      `${at}/requestBody`,
    )
    this.#checkBody(body, pointer, { status: 0, headers: request.headers, body: request.body }, errors)
    return errors
  }

  /**
   * Compiles every schema the document uses for responses (bodies and headers), so a schema Ajv's strict
   * mode refuses, or a reference that does not resolve, fails at once rather than when first used.
   */
  compileAll(): number {
    let count = 0
    for (const matched of this.operations()) {
      for (const status of matched.statuses) {
        const { value, pointer } = this.#resolve<Response>(
          matched.responses[status] as Response | Reference,
          this.#operationPointer(matched, status),
        )
        for (const [name, header] of Object.entries(value.headers ?? {})) {
          const resolved = this.#resolve<Header>(header, `${pointer}/headers/${escapePointer(name)}`)
          if (resolved.value.schema) this.#validator(`${resolved.pointer}/schema`)
          count++
        }
        for (const mediaType of Object.keys(value.content ?? {})) {
          this.#validator(`${pointer}/content/${escapePointer(mediaType)}/schema`)
          count++
        }
      }
    }
    return count
  }

  /** Validates a value against the schema at a JSON pointer of the document (e.g. an example). */
  validateAt(pointer: string, value: unknown): string[] {
    const validate = this.#validator(pointer)
    return validate(value) ? [] : this.#ajv.errorsText(validate.errors, { separator: '; ' }).split('; ')
  }

  #responseKey(responses: Record<string, unknown>, status: number): string | undefined {
    const exact = String(status)
    if (exact in responses) return exact
    const range = `${exact[0]}XX`
    if (range in responses) return range
    return 'default' in responses ? 'default' : undefined
  }

  #operationPointer(matched: Matched, key: string): string {
    if (matched.operationId === UNMATCHED) return `/x-unmatched-route/${escapePointer(key)}`
    if (matched.operationId === LOCAL_SERVER) return `/x-local-server/${escapePointer(key)}`
    return `/paths/${escapePointer(matched.path)}/${matched.method.toLowerCase()}/responses/${escapePointer(key)}`
  }

  /** Follows OpenAPI `$ref`s (local ones) and reports where the value really lives. */
  #resolve<T>(value: T | Reference, pointer: string): { value: T; pointer: string } {
    let current: unknown = value
    let at = pointer
    for (let hops = 0; hops < 10 && current && typeof current === 'object' && '$ref' in current; hops++) {
      const target = String((current as Reference).$ref)
      if (!target.startsWith('#/')) throw new Error(`only local references are supported: ${target}`)
      at = target.slice(1)
      current = at
        .split('/')
        .slice(1)
        .reduce<unknown>(
          (node, segment) =>
            (node as Record<string, unknown> | undefined)?.[segment.replaceAll('~1', '/').replaceAll('~0', '~')],
          this.document,
        )
      if (current === undefined) throw new Error(`unresolved reference ${target}`)
    }
    return { value: current as T, pointer: at }
  }

  #validator(pointer: string): ValidateFunction {
    let validate = this.#compiled.get(pointer)
    if (!validate) {
      // A JSON pointer in a URI fragment: its escaped segments, percent-encoded (`{id}` becomes `%7Bid%7D`).
      const ref = `${this.#root}#${pointer.split('/').map(encodeURIComponent).join('/')}`
      validate = this.#ajv.compile({ $ref: ref } satisfies JsonSchema)
      this.#compiled.set(pointer, validate)
    }
    return validate
  }

  #checkHeaders(spec: Response, at: string, headers: Headers, errors: string[]): void {
    const documented = new Map<string, string>()
    for (const [name, header] of Object.entries(spec.headers ?? {})) {
      const pointer = `${at}/headers/${escapePointer(name)}`
      const resolved = this.#resolve<Header>(header, pointer)
      documented.set(name.toLowerCase(), name)
      const value = headers.get(name)
      if (value === null) {
        if (resolved.value.required) errors.push(`header ${name} is required but missing`)
        continue
      }
      if (resolved.value.schema) {
        for (const problem of this.validateAt(`${resolved.pointer}/schema`, value)) {
          errors.push(`header ${name}: ${problem.replace(/^data\b/, 'value')}`)
        }
      }
    }
    headers.forEach((_, name) => {
      const lower = name.toLowerCase()
      if (lower === 'content-type' || documented.has(lower) || isGenericHeader(lower)) return
      errors.push(`header ${name} is not documented for this response`)
    })
  }

  /** The body of a response, or of a request the API sends (a webhook), against its documented content. */
  #checkBody(
    spec: { content?: Record<string, MediaType> },
    at: string,
    response: CheckedResponse,
    errors: string[],
  ): void {
    const content = spec.content ?? {}
    const mediaTypes = Object.keys(content)
    if (mediaTypes.length === 0) {
      if (response.body !== '') errors.push(`no body is documented, but one was sent (${response.body.slice(0, 80)})`)
      return
    }
    const mediaType = mediaTypeOf(response.headers.get('content-type'))
    const documented = mediaTypes.find((type) => type.toLowerCase() === mediaType)
    if (!documented) {
      errors.push(`content-type "${mediaType || '(none)'}" is not documented (documented: ${mediaTypes.join(', ')})`)
      return
    }
    if (!isJson(mediaType)) return
    let body: unknown
    try {
      body = JSON.parse(response.body)
    } catch {
      errors.push(`the body is not JSON: ${response.body.slice(0, 80)}`)
      return
    }
    for (const problem of this.validateAt(`${at}/content/${escapePointer(documented)}/schema`, body)) {
      errors.push(`body: ${problem.replace(/^data\b/, 'body')}`)
    }
  }
}
