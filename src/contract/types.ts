import type { JsonSchema } from './toJsonSchema.js'

// The parts of an OpenAPI 3.1 document that this project writes and reads, typed loosely enough to hold
// any valid document and tightly enough for the validator to walk it.

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace'
export const HTTP_METHODS: readonly HttpMethod[] = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']

export interface Reference {
  $ref: string
  summary?: string
  description?: string
}

export interface Example {
  summary?: string
  description?: string
  value?: unknown
}

export interface MediaType {
  schema?: JsonSchema
  example?: unknown
  examples?: Record<string, Example | Reference>
}

export interface Header {
  description?: string
  required?: boolean
  schema?: JsonSchema
  example?: unknown
}

export interface Response {
  description: string
  headers?: Record<string, Header | Reference>
  content?: Record<string, MediaType>
}

export interface Parameter {
  name: string
  in: 'query' | 'header' | 'path' | 'cookie'
  description?: string
  required?: boolean
  schema?: JsonSchema
  example?: unknown
  style?: string
  explode?: boolean
}

export interface RequestBody {
  description?: string
  required?: boolean
  content: Record<string, MediaType>
}

/** A type, not an interface: a route carries it as its `RouteOperation`, whose index signature an interface does not meet. */
export type Operation = {
  operationId: string
  summary?: string
  description?: string
  tags?: string[]
  parameters?: (Parameter | Reference)[]
  requestBody?: RequestBody | Reference
  responses: Record<string, Response | Reference>
  security?: Record<string, string[]>[]
}

export type PathItem = { [M in HttpMethod]?: Operation } & {
  summary?: string
  description?: string
  parameters?: (Parameter | Reference)[]
}

export interface Server {
  url: string
  description?: string
}

export interface OpenApiDocument {
  openapi: string
  info: { title: string; version: string; description?: string; license?: { name: string; identifier?: string } }
  jsonSchemaDialect?: string
  servers: Server[]
  tags?: { name: string; description?: string }[]
  paths: Record<string, PathItem>
  webhooks?: Record<string, PathItem>
  components: {
    schemas?: Record<string, JsonSchema>
    responses?: Record<string, Response>
    parameters?: Record<string, Parameter>
    headers?: Record<string, Header>
    requestBodies?: Record<string, RequestBody>
    securitySchemes?: Record<string, unknown>
  }
  security?: Record<string, string[]>[]
  /**
   * What the sandbox answers to a request whose path or method is not in `paths`, by status: the
   * validator holds those answers to it (a sandbox extension).
   */
  'x-unmatched-route'?: Record<string, Response | Reference>
  /**
   * What the local server itself answers on any route before an API handler sees the request, by status
   * (a request body over its size limit: 413). A sandbox extension.
   */
  'x-local-server'?: Record<string, Response | Reference>
  /** What a fault injected through the control API may answer, under `default` (a sandbox extension). */
  'x-injected-fault'?: Record<string, Response | Reference>
  [extension: `x-${string}`]: unknown
}

export interface OpenApiOptions {
  /** Replaces the document's servers, e.g. with the base URLs of a running local server. */
  servers?: Server[]
}
