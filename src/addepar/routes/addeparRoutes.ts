import { joinJson } from '../../engine/joinJson.js'
import type { Route } from '../../engine/Provider.js'
import { memberModelType } from '../../store/schemas.js'
import type { AddeparSandbox } from '../AddeparSandbox.js'
import { visibleEntity } from '../auth/visibleEntity.js'
import { visibleGroup } from '../auth/visibleGroup.js'
import { changeRelationship } from '../groups/changeRelationship.js'
import type { RelationshipOperation } from '../groups/combineIds.js'
import { createGroups } from '../groups/createGroups.js'
import { deleteGroups } from '../groups/deleteGroups.js'
import { updateGroups } from '../groups/updateGroups.js'
import { createGroupType } from '../groupTypes/createGroupType.js'
import { deleteGroupType } from '../groupTypes/deleteGroupType.js'
import { groupTypeOf } from '../groupTypes/groupTypeOf.js'
import { listGroupTypes } from '../groupTypes/listGroupTypes.js'
import { updateGroupType } from '../groupTypes/updateGroupType.js'
import { AddeparError } from '../jsonapi/AddeparError.js'
import { checkBodyId } from '../jsonapi/checkBodyId.js'
import { jsonApiDocument } from '../jsonapi/jsonApiDocument.js'
import { nextLink } from '../jsonapi/nextLink.js'
import type { Page } from '../jsonapi/paginate.js'
import { parseFields } from '../jsonapi/parseFields.js'
import { parseListFilters } from '../jsonapi/parseListFilters.js'
import { parsePage } from '../jsonapi/parsePage.js'
import { readJsonBody } from '../jsonapi/readJsonBody.js'
import { resourceJson } from '../jsonapi/resourceJson.js'
import { validateBody } from '../jsonapi/validateBody.js'
import {
  body,
  DATE_FILTERS,
  document,
  EXAMPLE_ENTITY,
  EXAMPLE_GROUP,
  EXAMPLE_GROUP_TYPE,
  FILTER_IDS,
  id,
  JSON_API,
  noContent,
  PAGE,
  ref,
  schemaRef,
  WRITE,
} from '../openapi/openApiParts.js'
import { listChildGroups } from '../queries/listChildGroups.js'
import { listEntities } from '../queries/listEntities.js'
import { listGroups } from '../queries/listGroups.js'
import { listMembers } from '../queries/listMembers.js'
import { searchGroups } from '../queries/searchGroups.js'
import {
  childGroupsBody,
  createGroupBody,
  createGroupsBody,
  createGroupTypeBody,
  deleteGroupBody,
  deleteGroupsBody,
  groupSearchBody,
  groupTypeKey,
  membersBody,
  updateGroupBody,
  updateGroupsBody,
  updateGroupTypeBody,
} from '../resources/requestBodies.js'
import { toEntityResource } from '../resources/toEntityResource.js'
import { toGroupResource } from '../resources/toGroupResource.js'
import { toGroupTypeResource } from '../resources/toGroupTypeResource.js'
import { addeparRoute } from './addeparRoute.js'

const single = (data: object, status = 200) => jsonApiDocument({ data, included: [] }, status)
const singleJson = (json: string) => jsonApiDocument(`{"data":${json},"included":[]}`)

/** A page of resources, each given as its JSON text (see `resourceJson`). */
function collection<T>(
  page: Page<T>,
  toJson: (item: T) => string,
  path: string,
  query: URLSearchParams,
  limit: number,
) {
  const next = nextLink(path, query, limit, page.next)
  return jsonApiDocument(
    joinJson('{"data":[', page.items.map(toJson), `],"included":[],"links":${JSON.stringify({ next })}}`),
  )
}

const hasArrayData = (body: unknown) => Array.isArray((body as { data?: unknown } | null)?.data)

function parsePermissioned(params: URLSearchParams): boolean | undefined {
  const value = params.get('is_permissioned_resource')
  if (value === null) return undefined
  if (value === 'true' || value === 'false') return value === 'true'
  throw new AddeparError(400, `is_permissioned_resource must be true or false, not "${value}"`, {
    parameter: 'is_permissioned_resource',
  })
}

function parseGroupTypeKey(key: string): string {
  if (!groupTypeKey.safeParse(key).success) {
    throw new AddeparError(400, `"${key}" is not a group type id: use letters, digits and underscores`)
  }
  return key
}

const RELATIONSHIP_WRITES = [
  ['POST', 'add'],
  ['PATCH', 'replace'],
  ['DELETE', 'remove'],
] as const satisfies readonly ['POST' | 'PATCH' | 'DELETE', RelationshipOperation][]

const groupId = (params: Readonly<Record<string, string>>) => String(params.id)

const GROUP_ID = id('A group id.')
const GROUP_TYPE_KEY = id('A group type key, e.g. `HH_GROUPS`.')
const capitalised = (verb: string) => `${verb[0]?.toUpperCase()}${verb.slice(1)}`
const VERBED = { add: 'Adds', replace: 'Replaces', remove: 'Removes' } as const

/**
 * The Addepar API: every operation once, in one table, with the OpenAPI operation that ./openapi.ts puts in
 * the document. Handlers parse and validate, call one domain function and shape the document; the rules
 * live in the modules they call.
 */
export const addeparRoutes: readonly Route<AddeparSandbox>[] = [
  addeparRoute({
    method: 'POST',
    path: '/v1/groups/query',
    need: 'groups:read',
    operation: {
      operationId: 'queryGroups',
      summary: 'Search groups',
      description:
        '`data.type` must be `group_search` (else 409); at least one of `display_names`, `group_types`, ' +
        '`external_ids` (else 400); criteria combine with AND; paginated like lists (docs/addepar.md#query).',
      tags: ['Groups'],
      parameters: PAGE,
      requestBody: body(schemaRef('GroupSearchBody'), {
        data: {
          type: 'group_search',
          attributes: {
            display_names: ['Limited'],
            group_types: ['GROUPS'],
            external_ids: [{ external_id_type: 'random_system', external_id: '34e0ec90-9ebb-4f25-9ee4-b86121c14c67' }],
          },
        },
      }),
      success: {
        '200': document('A page of matching groups.', 'GroupCollectionDocument', {
          data: [],
          included: [],
          links: { next: null },
        }),
      },
      errors: WRITE,
    },
    handle({ request, path, ctx }) {
      const page = parsePage(request.query)
      const search = validateBody(groupSearchBody, readJsonBody(request)).data.attributes
      return collection(
        searchGroups(ctx, search, page),
        (group) => resourceJson(group, toGroupResource),
        path,
        request.query,
        page.limit,
      )
    },
  }),
  addeparRoute({
    method: 'GET',
    path: '/v1/groups',
    need: 'groups:read',
    operation: {
      operationId: 'listGroups',
      summary: 'List groups',
      description:
        'The groups the caller can see, in ascending id order, cursor-paginated (docs/addepar.md#pagination), filtered (docs/addepar.md#filters).',
      tags: ['Groups'],
      parameters: [
        ...PAGE,
        ref('parameters/FieldsGroups'),
        {
          name: 'filter[group_types]',
          in: 'query',
          description: 'Comma-separated group type keys.',
          schema: { type: 'string' },
        },
        FILTER_IDS,
        ...DATE_FILTERS,
      ],
      success: {
        '200': document('A page of groups.', 'GroupCollectionDocument', {
          data: [EXAMPLE_GROUP],
          included: [],
          links: { next: '/v1/groups?page[limit]=1&page[after]=101' },
        }),
      },
      errors: [400],
    },
    handle({ request, path, ctx }) {
      const query = request.query
      const page = parsePage(query)
      const fields = parseFields(query, 'groups')
      const found = listGroups(ctx, parseListFilters(query, 'groups'), page)
      return collection(found, (group) => resourceJson(group, toGroupResource, fields), path, query, page.limit)
    },
  }),
  addeparRoute({
    method: 'POST',
    path: '/v1/groups',
    need: 'groups:write',
    operation: {
      operationId: 'createGroups',
      summary: 'Create one group or several',
      description:
        '`data` an object creates one group, an array several, all or nothing (docs/addepar.md#create-groups): ' +
        '`name` and `group_type` are required (400); an unknown group type is a 404; a member that does not ' +
        'exist, is inaccessible or has another model type is a 400; a wrong `type` is a 409; `created_at` or ' +
        '`modified_at` in the body is a 403; an attribute Addepar does not know is a 404.',
      tags: ['Groups'],
      requestBody: body(
        { oneOf: [schemaRef('CreateGroupBody'), schemaRef('CreateGroupsBody')] },
        {
          data: {
            type: 'groups',
            attributes: { name: 'Household Smith', external_id_crm: 'H-1' },
            relationships: {
              group_type: { data: { type: 'group_types', id: 'HH_GROUPS' } },
              members: { data: [{ type: 'entities', id: '2000001' }] },
            },
          },
        },
      ),
      success: {
        '201': {
          description: 'The new group, or the new groups when `data` was an array.',
          content: {
            [JSON_API]: {
              schema: { oneOf: [schemaRef('GroupDocument'), schemaRef('GroupArrayDocument')] },
              examples: { documented: { value: { data: EXAMPLE_GROUP, included: [] } } },
            },
          },
        },
      },
      errors: [...WRITE, 404],
    },
    async handle({ request, ctx }) {
      const body = readJsonBody(request)
      if (hasArrayData(body)) {
        const groups = await createGroups(ctx, validateBody(createGroupsBody, body).data)
        return single(
          groups.map((group) => toGroupResource(group)),
          201,
        )
      }
      const [group] = await createGroups(ctx, validateBody(createGroupBody, body).data)
      return single(toGroupResource(group as NonNullable<typeof group>), 201)
    },
  }),
  addeparRoute({
    method: 'PATCH',
    path: '/v1/groups',
    need: 'groups:write',
    operation: {
      operationId: 'updateGroups',
      summary: 'Update several groups',
      description:
        'Every item carries its `id`; given attributes are set and given relationships replace ' +
        '(docs/addepar.md#update-groups); all or nothing.',
      tags: ['Groups'],
      requestBody: body(schemaRef('UpdateGroupsBody'), {
        data: [{ type: 'groups', id: '101', attributes: { name: 'Group 2b' } }],
      }),
      success: {
        '200': document('The updated groups.', 'GroupArrayDocument', {
          data: [{ ...EXAMPLE_GROUP, attributes: { ...EXAMPLE_GROUP.attributes, name: 'Group 2b' } }],
          included: [],
        }),
      },
      errors: [...WRITE, 404],
    },
    async handle({ request, ctx }) {
      const groups = await updateGroups(ctx, validateBody(updateGroupsBody, readJsonBody(request)).data)
      return single(groups.map((group) => toGroupResource(group)))
    },
  }),
  addeparRoute({
    method: 'DELETE',
    path: '/v1/groups',
    need: 'groups:write',
    operation: {
      operationId: 'deleteGroups',
      summary: 'Delete several groups',
      description: 'Any id the caller cannot see is a 404 and nothing is deleted (docs/addepar.md#delete-groups).',
      tags: ['Groups'],
      requestBody: body(schemaRef('DeleteGroupsBody'), {
        data: [
          { type: 'groups', id: '1111' },
          { type: 'groups', id: '1112' },
        ],
      }),
      success: { '204': noContent },
      errors: [...WRITE, 404],
    },
    async handle({ request, ctx }) {
      const { data } = validateBody(deleteGroupsBody, readJsonBody(request))
      await deleteGroups(
        ctx,
        data.map(({ id }, i) => ({ id, pointer: `/data/${i}/id` })),
      )
      return jsonApiDocument(null)
    },
  }),
  addeparRoute({
    method: 'GET',
    path: '/v1/groups/:id',
    need: 'groups:read',
    operation: {
      operationId: 'getGroup',
      summary: 'Get a group',
      tags: ['Groups'],
      parameters: [GROUP_ID, ref('parameters/FieldsGroups')],
      success: { '200': document('The group.', 'GroupDocument', { data: EXAMPLE_GROUP, included: [] }) },
      errors: [400, 404],
    },
    handle({ request, params, ctx }) {
      const fields = parseFields(request.query, 'groups')
      return singleJson(resourceJson(visibleGroup(ctx, groupId(params)), toGroupResource, fields))
    },
  }),
  addeparRoute({
    method: 'PATCH',
    path: '/v1/groups/:id',
    need: 'groups:write',
    operation: {
      operationId: 'updateGroup',
      summary: 'Update a group',
      description:
        'A body id that is not the URL’s, or a `type` other than `groups`, is a 409 (docs/addepar.md#update-groups).',
      tags: ['Groups'],
      parameters: [GROUP_ID],
      requestBody: body(schemaRef('UpdateGroupBody'), {
        data: { type: 'groups', id: '101', attributes: { name: 'Group 2b' } },
      }),
      success: {
        '200': document('The updated group.', 'GroupDocument', {
          data: { ...EXAMPLE_GROUP, attributes: { ...EXAMPLE_GROUP.attributes, name: 'Group 2b' } },
          included: [],
        }),
      },
      errors: [...WRITE, 404],
    },
    async handle({ request, params, ctx }) {
      const { data } = validateBody(updateGroupBody, readJsonBody(request))
      const [group] = await updateGroups(ctx, data, groupId(params))
      return single(toGroupResource(group as NonNullable<typeof group>))
    },
  }),
  addeparRoute({
    method: 'DELETE',
    path: '/v1/groups/:id',
    need: 'groups:write',
    operation: {
      operationId: 'deleteGroup',
      summary: 'Delete a group',
      description:
        'The group leaves every parent’s `child_groups`; its own children stay (docs/addepar.md#delete-groups). ' +
        'The body is optional; when given, its id must be the URL’s (409).',
      tags: ['Groups'],
      parameters: [GROUP_ID],
      requestBody: {
        ...body(schemaRef('DeleteGroupBody'), { data: { type: 'groups', id: '101' } }),
        required: false,
      },
      success: { '204': noContent },
      errors: [...WRITE, 404],
    },
    async handle({ request, params, ctx }) {
      const id = groupId(params)
      const body = readJsonBody(request, true)
      if (body !== undefined) checkBodyId(id, validateBody(deleteGroupBody, body).data.id, '/data/id')
      await deleteGroups(ctx, [{ id }])
      return jsonApiDocument(null)
    },
  }),
  addeparRoute({
    method: 'GET',
    path: '/v1/groups/:id/relationships/members',
    need: 'groups:read',
    operation: {
      operationId: 'getGroupMemberIdentifiers',
      summary: 'List member identifiers',
      tags: ['Group relationships'],
      parameters: [GROUP_ID],
      success: {
        '200': document('The members as identifiers.', 'MemberIdentifiersDocument', {
          data: [{ type: 'entities', id: '2000001' }],
        }),
      },
      errors: [404],
    },
    handle({ params, ctx }) {
      const group = visibleGroup(ctx, groupId(params))
      return jsonApiDocument({ data: toGroupResource(group).relationships.members.data })
    },
  }),
  ...RELATIONSHIP_WRITES.flatMap(([method, verb]) => [
    addeparRoute({
      method,
      path: '/v1/groups/:id/relationships/members',
      need: 'groups:write',
      operation: {
        operationId: `${verb}GroupMembers`,
        summary: `${capitalised(verb)} members`,
        description:
          `${VERBED[verb]} member entities (docs/addepar.md#relationship-writes). Members must ` +
          `be entities the caller can see (400) of model type ${memberModelType.options.join(', ')} (400); ` +
          'duplicates collapse.',
        tags: ['Group relationships'],
        parameters: [GROUP_ID],
        requestBody: body(schemaRef('MembersBody'), { data: [{ type: 'entities', id: '2000001' }] }),
        success: { '204': noContent },
        errors: [...WRITE, 404],
      },
      async handle({ request, params, ctx }) {
        const { data } = validateBody(membersBody, readJsonBody(request))
        await changeRelationship(ctx, groupId(params), 'members', verb, data)
        return jsonApiDocument(null)
      },
    }),
    addeparRoute({
      method,
      path: '/v1/groups/:id/relationships/child_groups',
      need: 'groups:write',
      operation: {
        operationId: `${verb}ChildGroups`,
        summary: `${capitalised(verb)} child groups`,
        description:
          `${VERBED[verb]} child groups (docs/addepar.md#relationship-writes): an unknown group ` +
          'is a 404, a group as its own child or any cycle a 409.',
        tags: ['Group relationships'],
        parameters: [GROUP_ID],
        requestBody: body(schemaRef('ChildGroupsBody'), { data: [{ type: 'groups', id: '7' }] }),
        success: { '204': noContent },
        errors: [...WRITE, 404],
      },
      async handle({ request, params, ctx }) {
        const { data } = validateBody(childGroupsBody, readJsonBody(request))
        await changeRelationship(ctx, groupId(params), 'child_groups', verb, data)
        return jsonApiDocument(null)
      },
    }),
  ]),
  addeparRoute({
    method: 'GET',
    path: '/v1/groups/:id/members',
    need: 'groups:read',
    operation: {
      operationId: 'listGroupMembers',
      summary: 'List members',
      description: 'The member entities, in id order, cursor-paginated (docs/addepar.md#members).',
      tags: ['Group relationships'],
      parameters: [GROUP_ID, ...PAGE, ref('parameters/FieldsEntities')],
      success: {
        '200': document('A page of member entities.', 'EntityCollectionDocument', {
          data: [EXAMPLE_ENTITY],
          included: [],
          links: { next: null },
        }),
      },
      errors: [400, 404],
    },
    handle({ request, params, path, ctx }) {
      const query = request.query
      const page = parsePage(query)
      const fields = parseFields(query, 'entities')
      const found = listMembers(ctx, groupId(params), page)
      return collection(found, (entity) => resourceJson(entity, toEntityResource, fields), path, query, page.limit)
    },
  }),
  addeparRoute({
    method: 'GET',
    path: '/v1/groups/:id/child_groups',
    need: 'groups:read',
    operation: {
      operationId: 'listChildGroups',
      summary: 'List child groups',
      description: 'The child groups the caller can see, in id order, cursor-paginated.',
      tags: ['Group relationships'],
      parameters: [GROUP_ID, ...PAGE, ref('parameters/FieldsGroups')],
      success: {
        '200': document('A page of child groups.', 'GroupCollectionDocument', {
          data: [EXAMPLE_GROUP],
          included: [],
          links: { next: null },
        }),
      },
      errors: [400, 404],
    },
    handle({ request, params, path, ctx }) {
      const query = request.query
      const page = parsePage(query)
      const fields = parseFields(query, 'groups')
      const found = listChildGroups(ctx, groupId(params), page)
      return collection(found, (group) => resourceJson(group, toGroupResource, fields), path, query, page.limit)
    },
  }),

  addeparRoute({
    method: 'GET',
    path: '/v1/group_types',
    need: 'groups:read',
    operation: {
      operationId: 'listGroupTypes',
      summary: 'List group types',
      description: 'Every group type of the firm; not paginated (docs/addepar.md#group-types).',
      tags: ['Group types'],
      parameters: [
        {
          name: 'is_permissioned_resource',
          in: 'query',
          description: 'Only the (non-)permissioned types.',
          schema: { type: 'boolean' },
        },
      ],
      success: {
        '200': document('The group types.', 'GroupTypeCollectionDocument', {
          data: [EXAMPLE_GROUP_TYPE],
          included: [],
          links: { next: null },
        }),
      },
      errors: [400],
    },
    handle({ request, ctx }) {
      const types = listGroupTypes(ctx, parsePermissioned(request.query))
      return jsonApiDocument({ data: types.map(toGroupTypeResource), included: [], links: { next: null } })
    },
  }),
  addeparRoute({
    method: 'GET',
    path: '/v1/group_types/:id',
    need: 'groups:read',
    operation: {
      operationId: 'getGroupType',
      summary: 'Get a group type',
      tags: ['Group types'],
      parameters: [GROUP_TYPE_KEY],
      success: {
        '200': document('The group type.', 'GroupTypeDocument', { data: EXAMPLE_GROUP_TYPE, included: [] }),
      },
      errors: [400, 404],
    },
    handle: ({ params, ctx }) => single(toGroupTypeResource(groupTypeOf(ctx, parseGroupTypeKey(String(params.id))))),
  }),
  addeparRoute({
    method: 'POST',
    path: '/v1/group_types',
    need: 'groups:write',
    operation: {
      operationId: 'createGroupType',
      summary: 'Create a group type',
      description: 'A key the firm already has is a 409 (docs/addepar.md#group-types).',
      tags: ['Group types'],
      requestBody: body(schemaRef('CreateGroupTypeBody'), {
        data: { type: 'group_types', attributes: EXAMPLE_GROUP_TYPE.attributes },
      }),
      success: {
        '201': document('The new group type.', 'GroupTypeDocument', { data: EXAMPLE_GROUP_TYPE, included: [] }),
      },
      errors: WRITE,
    },
    async handle({ request, ctx }) {
      const { data } = validateBody(createGroupTypeBody, readJsonBody(request))
      return single(toGroupTypeResource(await createGroupType(ctx, data.attributes)), 201)
    },
  }),
  addeparRoute({
    method: 'PATCH',
    path: '/v1/group_types/:id',
    need: 'groups:write',
    operation: {
      operationId: 'updateGroupType',
      summary: 'Rename a group type',
      description:
        'Only `display_name` changes; the others may be repeated unchanged (else 400). The built-in `GROUPS` ' +
        'cannot change (403).',
      tags: ['Group types'],
      parameters: [GROUP_TYPE_KEY],
      requestBody: body(schemaRef('UpdateGroupTypeBody'), {
        data: { type: 'group_types', id: 'HH_GROUPS', attributes: { display_name: 'Households' } },
      }),
      success: {
        '200': document('The group type.', 'GroupTypeDocument', { data: EXAMPLE_GROUP_TYPE, included: [] }),
      },
      errors: [...WRITE, 404],
    },
    async handle({ request, params, ctx }) {
      const key = parseGroupTypeKey(String(params.id))
      const { data } = validateBody(updateGroupTypeBody, readJsonBody(request))
      return single(toGroupTypeResource(await updateGroupType(ctx, key, data)))
    },
  }),
  addeparRoute({
    method: 'DELETE',
    path: '/v1/group_types/:id',
    need: 'groups:write',
    operation: {
      operationId: 'deleteGroupType',
      summary: 'Delete a group type',
      description: 'Not the built-in `GROUPS` (403), nor a type groups still use (409).',
      tags: ['Group types'],
      parameters: [GROUP_TYPE_KEY],
      success: { '204': noContent },
      errors: [400, 404, 409],
    },
    handle({ params, ctx }) {
      deleteGroupType(ctx, parseGroupTypeKey(String(params.id)))
      return jsonApiDocument(null)
    },
  }),

  addeparRoute({
    method: 'GET',
    path: '/v1/entities',
    need: 'entities:read',
    operation: {
      operationId: 'listEntities',
      summary: 'List entities',
      description: 'The entities the caller can see, in id order, cursor-paginated (docs/addepar.md#entities).',
      tags: ['Entities'],
      parameters: [
        ...PAGE,
        ref('parameters/FieldsEntities'),
        {
          name: 'filter[model_types]',
          in: 'query',
          description: 'Comma-separated model types, any case (alias `filter[entity_types]`).',
          schema: { type: 'string' },
        },
        {
          name: 'filter[linking_status]',
          in: 'query',
          description:
            'Online accounts linked (`linked`) or not linked (`unlinked`) to an owner; another value, or together with `filter[model_types]`, is a 400 naming it (docs/addepar.md#entities).',
          schema: { type: 'string', enum: ['linked', 'unlinked'] },
        },
        FILTER_IDS,
        ...DATE_FILTERS,
      ],
      success: {
        '200': document('A page of entities.', 'EntityCollectionDocument', {
          data: [EXAMPLE_ENTITY],
          included: [],
          links: { next: '/v1/entities?page[limit]=1&page[after]=2000002' },
        }),
      },
      errors: [400],
    },
    handle({ request, path, ctx }) {
      const query = request.query
      const page = parsePage(query)
      const fields = parseFields(query, 'entities')
      const found = listEntities(ctx, parseListFilters(query, 'entities'), page)
      return collection(found, (entity) => resourceJson(entity, toEntityResource, fields), path, query, page.limit)
    },
  }),
  addeparRoute({
    method: 'GET',
    path: '/v1/entities/:id',
    need: 'entities:read',
    operation: {
      operationId: 'getEntity',
      summary: 'Get an entity',
      tags: ['Entities'],
      parameters: [id('An entity id.'), ref('parameters/FieldsEntities')],
      success: { '200': document('The entity.', 'EntityDocument', { data: EXAMPLE_ENTITY, included: [] }) },
      errors: [400, 404],
    },
    handle({ request, params, ctx }) {
      const fields = parseFields(request.query, 'entities')
      return singleJson(resourceJson(visibleEntity(ctx, String(params.id)), toEntityResource, fields))
    },
  }),
]
