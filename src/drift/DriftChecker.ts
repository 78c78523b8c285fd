import type { ErrorObject } from 'ajv'
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import formats from 'ajv-formats'
import type { DriftFinding } from '../contract/driftFinding.js'
import { OpenApiValidator } from '../contract/OpenApiValidator.js'
import type { Header, OpenApiDocument, Reference, Response } from '../contract/types.js'
import { kindOf } from './kindOf.js'

/** An answer as it came back from a provider, before anything of it is stored. */
export interface ProviderAnswer {
  status: number
  headers: Headers
  /** The body as text; '' when there is none. */
  body: string
}

const escapePointer = (segment: string) => segment.replaceAll('~', '~0').replaceAll('/', '~1')
const mediaTypeOf = (contentType: string | null) => contentType?.split(';', 1)[0]?.trim().toLowerCase() ?? ''
const isJsonMediaType = (mediaType: string) => mediaType === 'application/json' || mediaType.endsWith('+json')

function valueAt(root: unknown, pointer: string): unknown {
  if (pointer === '') return root
  return pointer
    .split('/')
    .slice(1)
    .reduce<unknown>(
      (node, segment) =>
        node !== null && typeof node === 'object'
          ? (node as Record<string, unknown>)[segment.replaceAll('~1', '/').replaceAll('~0', '~')]
          : undefined,
      root,
    )
}

/** An offending value worth keeping: a token such as an enum value, never free text that may be personal. */
function token(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? JSON.stringify(value)
    : kindOf(value)
}

/**
 * Of Ajv's errors (all of them, `allErrors`), those that say what differs. A failed `anyOf`/`oneOf` brings the
 * errors of every branch; only the branch the value's type fits says something, so the others are dropped,
 * and when no branch's type fits the value the combinator itself is one type error.
 */
function decisiveErrors(errors: ErrorObject[]): ErrorObject[] {
  const dropped = new Set<ErrorObject>()
  const replaced: ErrorObject[] = []
  const combinators = errors
    .filter((error) => error.keyword === 'anyOf' || error.keyword === 'oneOf')
    .sort((a, b) => a.schemaPath.length - b.schemaPath.length)
  for (const combinator of combinators) {
    if (dropped.has(combinator)) continue
    const prefix = `${combinator.schemaPath}/`
    const branches = new Map<string, ErrorObject[]>()
    for (const error of errors) {
      if (dropped.has(error) || !error.schemaPath.startsWith(prefix)) continue
      if (!error.instancePath.startsWith(combinator.instancePath)) continue
      const branch = error.schemaPath.slice(prefix.length).split('/', 1)[0] as string
      branches.set(branch, [...(branches.get(branch) ?? []), error])
    }
    if (branches.size === 0) continue
    const fitting = [...branches.entries()].filter(
      ([branch, branchErrors]) =>
        !branchErrors.some(
          (error) => error.instancePath === combinator.instancePath && error.schemaPath === `${prefix}${branch}/type`,
        ),
    )
    const kept = fitting.sort((a, b) => a[1].length - b[1].length)[0]
    for (const [branch, branchErrors] of branches) {
      if (branch !== kept?.[0]) for (const error of branchErrors) dropped.add(error)
    }
    dropped.add(combinator)
    if (!kept) {
      const types = [...branches.values()]
        .flat()
        .flatMap((error) =>
          error.keyword === 'type' && error.instancePath === combinator.instancePath ? [error.params.type] : [],
        )
      replaced.push({ ...combinator, keyword: 'type', params: { type: types.join(' | ') } })
    }
  }
  // A property name refused by `propertyNames` is reported twice: by its inner keyword and by `propertyNames`.
  return [...errors.filter((error) => !dropped.has(error) && error.propertyName === undefined), ...replaced]
}

/**
 * Holds provider answers to the sandbox's own OpenAPI document and says, finding by finding, how they differ:
 * a status the operation does not document, a media type it does not, a missing required header, and in the
 * body a missing or extra field, a value outside an enum, another type or a broken constraint, each at its
 * JSON pointer. The body is checked by Ajv (JSON Schema 2020-12, the dialect of OpenAPI 3.1); its errors'
 * `instancePath` and `params` are the findings. The test suite's `OpenApiValidator` decides which operation
 * an answer belongs to.
 */
export class DriftChecker {
  readonly #operations: OpenApiValidator
  readonly #ajv: Ajv2020
  readonly #root: string
  readonly #compiled = new Map<string, ValidateFunction>()

  constructor(
    readonly api: DriftFinding['api'],
    readonly document: OpenApiDocument,
  ) {
    this.#operations = new OpenApiValidator(api, document)
    this.#ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true, validateFormats: true })
    formats.default(this.#ajv)
    this.#ajv.addVocabulary(['example', 'discriminator', 'xml', 'externalDocs'])
    this.#ajv.addVocabulary(Object.keys(document).filter((key) => !this.#ajv.getKeyword(key)))
    this.#root = `https://wealth-sandbox.invalid/drift/${api}.json`
    this.#ajv.addSchema({ ...document, $id: this.#root } as object, undefined, undefined, false)
  }

  /** The operation `method path` belongs to (the path below the API's base URL). */
  operation(method: string, path: string): { operationId: string; path: string; statuses: string[] } {
    const matched = this.#operations.match(method, path)
    return { operationId: matched.operationId, path: matched.path, statuses: Object.keys(matched.responses) }
  }

  check(method: string, path: string, answer: ProviderAnswer): DriftFinding[] {
    const matched = this.#operations.match(method, path)
    const findings: DriftFinding[] = []
    const add = (kind: DriftFinding['kind'], pointer: string, expected: string, seen: string) =>
      findings.push({
        api: this.api,
        operation: matched.operationId,
        method: matched.method,
        path: matched.path,
        kind,
        pointer,
        expected,
        seen,
      })
    const key = [String(answer.status), `${String(answer.status)[0]}XX`, 'default'].find(
      (each) => each in matched.responses,
    )
    if (key === undefined) {
      add('status', '/status', Object.keys(matched.responses).join(', ') || 'none', String(answer.status))
      return findings
    }
    const base =
      matched.operationId === '(unmatched route)'
        ? `/x-unmatched-route/${key}`
        : `/paths/${escapePointer(matched.path)}/${matched.method.toLowerCase()}/responses/${key}`
    const { value: spec, pointer: at } = this.#resolve<Response>(matched.responses[key] as Response | Reference, base)

    for (const [name, header] of Object.entries(spec.headers ?? {})) {
      const { value } = this.#resolve<Header>(header, `${at}/headers/${escapePointer(name)}`)
      if (value.required && !answer.headers.has(name)) {
        add('header-missing', `/headers/${escapePointer(name.toLowerCase())}`, 'present', 'absent')
      }
    }

    const mediaTypes = Object.keys(spec.content ?? {})
    const mediaType = mediaTypeOf(answer.headers.get('content-type'))
    if (mediaTypes.length === 0) {
      if (answer.body !== '') add('media-type', '/headers/content-type', 'no body', mediaType || '(none)')
      return findings
    }
    const documented = mediaTypes.find((each) => each.toLowerCase() === mediaType)
    if (!documented) {
      add('media-type', '/headers/content-type', mediaTypes.join(', '), mediaType || '(none)')
      return findings
    }
    if (!isJsonMediaType(mediaType)) return findings
    let body: unknown
    try {
      body = JSON.parse(answer.body)
    } catch {
      add('not-json', '/body', 'JSON', `${answer.body.length} characters that are not JSON`)
      return findings
    }
    const validate = this.#validator(`${at}/content/${escapePointer(documented)}/schema`)
    if (validate(body)) return findings
    const seen = new Set<string>()
    for (const error of decisiveErrors(validate.errors ?? [])) {
      const finding = this.#finding(error, body)
      // One finding per place: a list whose every item has the same extra field is one drift, not fifty.
      const where = `${finding.kind} ${finding.pointer.replace(/\/\d+(?=\/|$)/g, '/*')}`
      if (seen.has(where)) continue
      seen.add(where)
      add(finding.kind, finding.pointer, finding.expected, finding.seen)
    }
    return findings
  }

  #finding(error: ErrorObject, body: unknown): Pick<DriftFinding, 'kind' | 'pointer' | 'expected' | 'seen'> {
    const at = error.instancePath
    const value = valueAt(body, at)
    const params = error.params as Record<string, unknown>
    switch (error.keyword) {
      case 'additionalProperties': {
        const name = String(params.additionalProperty)
        const pointer = `${at}/${escapePointer(name)}`
        return {
          kind: 'field-extra',
          pointer: `/body${pointer}`,
          expected: 'absent',
          seen: kindOf(valueAt(body, pointer)),
        }
      }
      case 'propertyNames': {
        const name = String(params.propertyName)
        const pointer = `${at}/${escapePointer(name)}`
        return {
          kind: 'field-extra',
          pointer: `/body${pointer}`,
          expected: 'absent',
          seen: kindOf(valueAt(body, pointer)),
        }
      }
      case 'required':
        return {
          kind: 'field-missing',
          pointer: `/body${at}/${escapePointer(String(params.missingProperty))}`,
          expected: 'present',
          seen: 'absent',
        }
      case 'enum':
        return {
          kind: 'enum-value',
          pointer: `/body${at}`,
          expected: (params.allowedValues as unknown[]).map((each) => JSON.stringify(each)).join(' | '),
          seen: token(value),
        }
      case 'const':
        return {
          kind: 'enum-value',
          pointer: `/body${at}`,
          expected: JSON.stringify(params.allowedValue),
          seen: token(value),
        }
      case 'type':
        return { kind: 'type', pointer: `/body${at}`, expected: String(params.type), seen: kindOf(value) }
      default:
        return {
          kind: 'constraint',
          pointer: `/body${at}`,
          expected: error.message ?? error.keyword,
          seen: kindOf(value),
        }
    }
  }

  /** Follows the document's local `$ref`s and says where the value really lives. */
  #resolve<T>(value: T | Reference, pointer: string): { value: T; pointer: string } {
    let current: unknown = value
    let at = pointer
    for (let hops = 0; hops < 10 && current && typeof current === 'object' && '$ref' in current; hops++) {
      at = String((current as Reference).$ref).slice(1)
      current = valueAt(this.document, at)
    }
    return { value: current as T, pointer: at }
  }

  #validator(pointer: string): ValidateFunction {
    let validate = this.#compiled.get(pointer)
    if (!validate) {
      validate = this.#ajv.compile({ $ref: `${this.#root}#${pointer.split('/').map(encodeURIComponent).join('/')}` })
      this.#compiled.set(pointer, validate)
    }
    return validate
  }
}
