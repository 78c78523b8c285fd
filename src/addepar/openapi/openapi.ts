import { openApiPaths } from '../../contract/openApiPaths.js'
import { componentSchemas, schemaRegistry } from '../../contract/toJsonSchema.js'
import type { OpenApiDocument, OpenApiOptions, Response } from '../../contract/types.js'
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from '../jsonapi/parsePage.js'
import {
  childGroupsBody,
  createGroupBody,
  createGroupsBody,
  createGroupTypeBody,
  deleteGroupBody,
  deleteGroupsBody,
  groupSearchBody,
  membersBody,
  updateGroupBody,
  updateGroupsBody,
  updateGroupTypeBody,
} from '../resources/requestBodies.js'
import {
  arrayDocument,
  collectionDocument,
  entityResource,
  errorDocument,
  groupResource,
  groupTypeResource,
  memberIdentifiersDocument,
  singleDocument,
} from '../resources/resources.js'
import { addeparRoutes } from '../routes/addeparRoutes.js'
import { ERRORS, type ErrorSpec, JSON_API, ref, schemaRef } from './openApiParts.js'

// The sandbox's own OpenAPI 3.1 document of the Addepar API it serves: every route, every status it can
// answer, headers and JSON:API bodies. The operations are the route table's own (./addeparRoutes.ts);
// resource and request schemas are generated from the zod schemas the handlers use (./resources.ts,
// ./requestBodies.ts); the rules they describe are in docs/addepar.md.

export const ADDEPAR_ORIGIN = 'https://examplefirm.addepar.com/api'

function errorResponse(status: number, spec: ErrorSpec): Response {
  return {
    description: spec.description,
    ...(spec.headers ? { headers: spec.headers } : {}),
    content: {
      [JSON_API]: {
        schema: {
          allOf: [
            schemaRef('ErrorDocument'),
            {
              type: 'object',
              properties: {
                errors: { type: 'array', items: { type: 'object', properties: { status: { const: String(status) } } } },
              },
            },
          ],
        },
        examples: {
          documented: { value: { errors: [{ status: String(status), title: spec.title, detail: spec.detail }] } },
        },
      },
    },
  }
}

function build(): OpenApiDocument {
  const responses = schemaRegistry()
  responses.add(groupResource, { id: 'Group' })
  responses.add(groupTypeResource, { id: 'GroupType' })
  responses.add(entityResource, { id: 'Entity' })
  responses.add(singleDocument(groupResource), { id: 'GroupDocument' })
  responses.add(arrayDocument(groupResource), { id: 'GroupArrayDocument' })
  responses.add(collectionDocument(groupResource), { id: 'GroupCollectionDocument' })
  responses.add(memberIdentifiersDocument, { id: 'MemberIdentifiersDocument' })
  responses.add(singleDocument(groupTypeResource), { id: 'GroupTypeDocument' })
  responses.add(collectionDocument(groupTypeResource), { id: 'GroupTypeCollectionDocument' })
  responses.add(singleDocument(entityResource), { id: 'EntityDocument' })
  responses.add(collectionDocument(entityResource), { id: 'EntityCollectionDocument' })
  responses.add(errorDocument, { id: 'ErrorDocument' })
  const requests = schemaRegistry()
  requests.add(createGroupBody, { id: 'CreateGroupBody' })
  requests.add(createGroupsBody, { id: 'CreateGroupsBody' })
  requests.add(updateGroupBody, { id: 'UpdateGroupBody' })
  requests.add(updateGroupsBody, { id: 'UpdateGroupsBody' })
  requests.add(deleteGroupBody, { id: 'DeleteGroupBody' })
  requests.add(deleteGroupsBody, { id: 'DeleteGroupsBody' })
  requests.add(groupSearchBody, { id: 'GroupSearchBody' })
  requests.add(membersBody, { id: 'MembersBody' })
  requests.add(childGroupsBody, { id: 'ChildGroupsBody' })
  requests.add(createGroupTypeBody, { id: 'CreateGroupTypeBody' })
  requests.add(updateGroupTypeBody, { id: 'UpdateGroupTypeBody' })

  return {
    openapi: '3.1.0',
    info: {
      title: 'Addepar API (wealth-sandbox)',
      version: 'v1',
      license: { name: 'MIT', identifier: 'MIT' },
      description: DESCRIPTION,
    },
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    servers: [
      { url: ADDEPAR_ORIGIN, description: 'The documented firm origin, answered in-process or in the browser' },
      { url: 'http://127.0.0.1:4010/api', description: 'The local server (`npm start`); `/v1/...` works too' },
    ],
    tags: [
      {
        name: 'Groups',
        description: 'Groups with members, child groups and a group type (docs/addepar.md#group-resource to #query).',
      },
      {
        name: 'Group relationships',
        description: 'Members and child groups (docs/addepar.md#relationship-writes, #members).',
      },
      { name: 'Group types', description: 'Group types (docs/addepar.md#group-types).' },
      { name: 'Entities', description: 'The entities that can be members (docs/addepar.md#entities).' },
    ],
    paths: openApiPaths(addeparRoutes),
    components: {
      schemas: { ...componentSchemas(responses, 'output'), ...componentSchemas(requests, 'input') },
      parameters: {
        AddeparFirm: {
          name: 'Addepar-Firm',
          in: 'header',
          required: true,
          description: 'The numeric firm id; missing or not the caller’s firm -> 401 (docs/addepar.md#firm-header).',
          schema: { type: 'string', pattern: '^[0-9]+$' },
          example: '123',
        },
        Id: { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
        PageLimit: {
          name: 'page[limit]',
          in: 'query',
          description: `Page size, 1..${MAX_PAGE_LIMIT} (docs/addepar.md#pagination); brackets may be percent-encoded.`,
          schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_LIMIT, default: DEFAULT_PAGE_LIMIT },
        },
        PageAfter: {
          name: 'page[after]',
          in: 'query',
          description: 'The id of the last item of the previous page, as in `links.next`.',
          schema: { type: 'string', pattern: '^[0-9]+$' },
        },
        FieldsGroups: {
          name: 'fields[groups]',
          in: 'query',
          description: 'Comma-separated attributes to return; `[]` for none (docs/addepar.md#filters).',
          schema: { type: 'string' },
        },
        FieldsEntities: {
          name: 'fields[entities]',
          in: 'query',
          description: 'Comma-separated attributes to return; `[]` for none.',
          schema: { type: 'string' },
        },
      },
      responses: Object.fromEntries(
        Object.entries(ERRORS).map(([status, spec]) => [spec.name, errorResponse(Number(status), spec)]),
      ),
      securitySchemes: {
        basic: {
          type: 'http',
          scheme: 'basic',
          description:
            'API key and secret of a user, acting with the user’s permissions: `manage_groups` to write groups ' +
            '(docs/addepar.md#manage-groups), portfolio access to see them (docs/addepar.md#portfolio-access).',
        },
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description:
            'An OAuth access token with scopes: `GROUPS` or `GROUPS_WRITE`, `ENTITIES` or `ENTITIES_WRITE` (docs/addepar.md#bearer-scopes).',
        },
      },
    },
    'x-unmatched-route': { '404': ref('responses/NotFound'), '405': ref('responses/MethodNotAllowed') },
    'x-local-server': { '413': ref('responses/ContentTooLarge') },
    'x-injected-fault': {
      default: {
        description:
          'A fault injected through the control API (`x-sandbox-fault: status=503`, `Prefer: code=503` or a ' +
          'fault rule) may answer any 4xx or 5xx status, always as a JSON:API error document; an injected 429 ' +
          'carries `X-RateLimit-Retry-After`.',
        headers: {
          'X-RateLimit-Retry-After': { required: false, schema: { type: 'string', pattern: '^[0-9]+$' } },
        },
        content: { [JSON_API]: { schema: schemaRef('ErrorDocument') } },
      },
    },
  }
}

const DESCRIPTION = `The part of Addepar's API that wealth-sandbox emulates: groups with members, child groups and group
types, and the entities that can be members, as JSON:API documents (\`application/vnd.api+json\`).

Every call sends \`Authorization\` (Basic key:secret, or Bearer) and \`Addepar-Firm\`. Request bodies are
\`application/vnd.api+json\` or \`application/json\` (else 415). Errors are \`{"errors":[{"status","title","detail"}]}\`
with \`status\` as a string. Links are relative \`/v1/...\` paths. A path under \`/v1\` that is not listed here is a
404, and a method other than GET, POST, PATCH and DELETE a 405.

Checks run in this order, and the first failure answers: credentials and \`Addepar-Firm\` (401); the firm's rate
limit (429, when the scenario sets one); scope or permission (403); query parameters (400); the body's media type
(415); a wrong JSON:API \`type\` (409); other body problems (400); then the route's own rules
(docs/addepar.md#order-of-checks).

References such as \`docs/addepar.md#order-of-checks\` point to wealth-sandbox's documentation (the \`docs/\` folder of
the project and of its npm package), which lists every rule, marked *Documented* (with Addepar's words) or *Sandbox
choice* (with the reason).`

let built: OpenApiDocument | undefined

/** The OpenAPI 3.1 document of the Addepar side of the sandbox: a fresh copy each call, servers replaced on request. */
export function addeparOpenApi(options: OpenApiOptions = {}): OpenApiDocument {
  built ??= build()
  const copy = structuredClone(built)
  if (options.servers) copy.servers = options.servers
  return copy
}
