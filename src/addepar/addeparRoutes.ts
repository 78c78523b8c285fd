import type { Route } from '../engine/Provider.js'
import { AddeparError } from './AddeparError.js'
import type { AddeparSandbox } from './AddeparSandbox.js'
import { addeparRoute } from './addeparRoute.js'
import { changeRelationship } from './changeRelationship.js'
import { checkBodyId } from './checkBodyId.js'
import type { RelationshipOperation } from './combineIds.js'
import { createGroups } from './createGroups.js'
import { createGroupType } from './createGroupType.js'
import { deleteGroups } from './deleteGroups.js'
import { deleteGroupType } from './deleteGroupType.js'
import { groupTypeOf } from './groupTypeOf.js'
import { jsonApiDocument } from './jsonApiDocument.js'
import { listChildGroups } from './listChildGroups.js'
import { listEntities } from './listEntities.js'
import { listGroups } from './listGroups.js'
import { listGroupTypes } from './listGroupTypes.js'
import { listMembers } from './listMembers.js'
import { nextLink } from './nextLink.js'
import type { Page } from './paginate.js'
import { parseFields } from './parseFields.js'
import { parseListFilters } from './parseListFilters.js'
import { parsePage } from './parsePage.js'
import { readJsonBody } from './readJsonBody.js'
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
} from './requestBodies.js'
import { resourceJson } from './resourceJson.js'
import { searchGroups } from './searchGroups.js'
import { toEntityResource } from './toEntityResource.js'
import { toGroupResource } from './toGroupResource.js'
import { toGroupTypeResource } from './toGroupTypeResource.js'
import { updateGroups } from './updateGroups.js'
import { updateGroupType } from './updateGroupType.js'
import { validateBody } from './validateBody.js'
import { visibleEntity } from './visibleEntity.js'
import { visibleGroup } from './visibleGroup.js'

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
    `{"data":[${page.items.map(toJson).join(',')}],"included":[],"links":${JSON.stringify({ next })}}`,
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

/**
 * The Addepar API: every operation once, in one table. Handlers parse and validate, call one domain
 * function and shape the document; the rules live in the modules they call.
 */
export const addeparRoutes: readonly Route<AddeparSandbox>[] = [
  addeparRoute({
    method: 'POST',
    path: '/v1/groups/query',
    operationId: 'queryGroups',
    need: 'groups:read',
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
    operationId: 'listGroups',
    need: 'groups:read',
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
    operationId: 'createGroups',
    need: 'groups:write',
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
    operationId: 'updateGroups',
    need: 'groups:write',
    async handle({ request, ctx }) {
      const groups = await updateGroups(ctx, validateBody(updateGroupsBody, readJsonBody(request)).data)
      return single(groups.map((group) => toGroupResource(group)))
    },
  }),
  addeparRoute({
    method: 'DELETE',
    path: '/v1/groups',
    operationId: 'deleteGroups',
    need: 'groups:write',
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
    operationId: 'getGroup',
    need: 'groups:read',
    handle({ request, params, ctx }) {
      const fields = parseFields(request.query, 'groups')
      return singleJson(resourceJson(visibleGroup(ctx, groupId(params)), toGroupResource, fields))
    },
  }),
  addeparRoute({
    method: 'PATCH',
    path: '/v1/groups/:id',
    operationId: 'updateGroup',
    need: 'groups:write',
    async handle({ request, params, ctx }) {
      const { data } = validateBody(updateGroupBody, readJsonBody(request))
      const [group] = await updateGroups(ctx, data, groupId(params))
      return single(toGroupResource(group as NonNullable<typeof group>))
    },
  }),
  addeparRoute({
    method: 'DELETE',
    path: '/v1/groups/:id',
    operationId: 'deleteGroup',
    need: 'groups:write',
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
    operationId: 'getGroupMemberIdentifiers',
    need: 'groups:read',
    handle({ params, ctx }) {
      const group = visibleGroup(ctx, groupId(params))
      return jsonApiDocument({ data: toGroupResource(group).relationships.members.data })
    },
  }),
  ...RELATIONSHIP_WRITES.flatMap(([method, operation]) => [
    addeparRoute({
      method,
      path: '/v1/groups/:id/relationships/members',
      operationId: `${operation}GroupMembers`,
      need: 'groups:write',
      async handle({ request, params, ctx }) {
        const { data } = validateBody(membersBody, readJsonBody(request))
        await changeRelationship(ctx, groupId(params), 'members', operation, data)
        return jsonApiDocument(null)
      },
    }),
    addeparRoute({
      method,
      path: '/v1/groups/:id/relationships/child_groups',
      operationId: `${operation}ChildGroups`,
      need: 'groups:write',
      async handle({ request, params, ctx }) {
        const { data } = validateBody(childGroupsBody, readJsonBody(request))
        await changeRelationship(ctx, groupId(params), 'child_groups', operation, data)
        return jsonApiDocument(null)
      },
    }),
  ]),
  addeparRoute({
    method: 'GET',
    path: '/v1/groups/:id/members',
    operationId: 'listGroupMembers',
    need: 'groups:read',
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
    operationId: 'listChildGroups',
    need: 'groups:read',
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
    operationId: 'listGroupTypes',
    need: 'groups:read',
    handle({ request, ctx }) {
      const types = listGroupTypes(ctx, parsePermissioned(request.query))
      return jsonApiDocument({ data: types.map(toGroupTypeResource), included: [], links: { next: null } })
    },
  }),
  addeparRoute({
    method: 'GET',
    path: '/v1/group_types/:id',
    operationId: 'getGroupType',
    need: 'groups:read',
    handle: ({ params, ctx }) => single(toGroupTypeResource(groupTypeOf(ctx, parseGroupTypeKey(String(params.id))))),
  }),
  addeparRoute({
    method: 'POST',
    path: '/v1/group_types',
    operationId: 'createGroupType',
    need: 'groups:write',
    async handle({ request, ctx }) {
      const { data } = validateBody(createGroupTypeBody, readJsonBody(request))
      return single(toGroupTypeResource(await createGroupType(ctx, data.attributes)), 201)
    },
  }),
  addeparRoute({
    method: 'PATCH',
    path: '/v1/group_types/:id',
    operationId: 'updateGroupType',
    need: 'groups:write',
    async handle({ request, params, ctx }) {
      const key = parseGroupTypeKey(String(params.id))
      const { data } = validateBody(updateGroupTypeBody, readJsonBody(request))
      return single(toGroupTypeResource(await updateGroupType(ctx, key, data)))
    },
  }),
  addeparRoute({
    method: 'DELETE',
    path: '/v1/group_types/:id',
    operationId: 'deleteGroupType',
    need: 'groups:write',
    handle({ params, ctx }) {
      deleteGroupType(ctx, parseGroupTypeKey(String(params.id)))
      return jsonApiDocument(null)
    },
  }),

  addeparRoute({
    method: 'GET',
    path: '/v1/entities',
    operationId: 'listEntities',
    need: 'entities:read',
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
    operationId: 'getEntity',
    need: 'entities:read',
    handle({ request, params, ctx }) {
      const fields = parseFields(request.query, 'entities')
      return singleJson(resourceJson(visibleEntity(ctx, String(params.id)), toEntityResource, fields))
    },
  }),
]
