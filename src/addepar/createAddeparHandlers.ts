import type { RequestHandler } from 'msw'
import type { Sandbox } from '../sandbox/createSandbox.js'
import { http } from '../sandbox/http.js'
import { AddeparError } from './AddeparError.js'
import { changeRelationship } from './changeRelationship.js'
import { checkBodyId } from './checkBodyId.js'
import type { RelationshipOperation } from './combineIds.js'
import { createGroups } from './createGroups.js'
import { createGroupType } from './createGroupType.js'
import { createRoute } from './createRoute.js'
import { deleteGroups } from './deleteGroups.js'
import { deleteGroupType } from './deleteGroupType.js'
import { groupTypeOf } from './groupTypeOf.js'
import { jsonApiDocument } from './jsonApiDocument.js'
import { jsonApiError } from './jsonApiError.js'
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

export interface AddeparHandlerOptions {
  /** Origin and path prefix the handlers answer, e.g. `https://examplefirm.addepar.com/api/`. */
  baseUrl: string
}

const single = (data: object, status = 200) => jsonApiDocument({ data, included: [] }, status)
const singleJson = (json: string) => jsonApiDocument(`{"data":${json},"included":[]}`)

/** A page of resources, each given as its JSON text (see `resourceJson`). */
function collection<T>(page: Page<T>, toJson: (item: T) => string, path: string, url: URL, limit: number) {
  const next = nextLink(path, url.searchParams, limit, page.next)
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
  [http.post, 'add'],
  [http.patch, 'replace'],
  [http.delete, 'remove'],
] as const satisfies readonly [typeof http.post, RelationshipOperation][]

/**
 * The Addepar API over one sandbox (section 1 of the reference). Handlers parse and validate, call one
 * domain function and shape the document; the rules live in the modules they call.
 */
export function createAddeparHandlers(sandbox: Sandbox, options: AddeparHandlerOptions): RequestHandler[] {
  const url = (path: string) => new URL(path, options.baseUrl).href
  const route = createRoute(sandbox, options.baseUrl)
  const groupId = (params: { id?: unknown }) => String(params.id)

  return [
    // Before every `/v1/groups/:id` route, so that `query` can never be read as a group id.
    http.post(
      url('v1/groups/query'),
      route('groups:read', async ({ request, url, path, ctx }) => {
        const page = parsePage(url.searchParams)
        const search = validateBody(groupSearchBody, await readJsonBody(request)).data.attributes
        return collection(
          searchGroups(ctx, search, page),
          (group) => resourceJson(group, toGroupResource),
          path,
          url,
          page.limit,
        )
      }),
    ),
    http.get(
      url('v1/groups'),
      route('groups:read', ({ url, path, ctx }) => {
        const page = parsePage(url.searchParams)
        const fields = parseFields(url.searchParams, 'groups')
        const found = listGroups(ctx, parseListFilters(url.searchParams, 'groups'), page)
        return collection(found, (group) => resourceJson(group, toGroupResource, fields), path, url, page.limit)
      }),
    ),
    http.post(
      url('v1/groups'),
      route('groups:write', async ({ request, ctx }) => {
        const body = await readJsonBody(request)
        if (hasArrayData(body)) {
          const groups = await createGroups(ctx, validateBody(createGroupsBody, body).data)
          return single(
            groups.map((group) => toGroupResource(group)),
            201,
          )
        }
        const [group] = await createGroups(ctx, validateBody(createGroupBody, body).data)
        return single(toGroupResource(group as NonNullable<typeof group>), 201)
      }),
    ),
    http.patch(
      url('v1/groups'),
      route('groups:write', async ({ request, ctx }) => {
        const groups = await updateGroups(ctx, validateBody(updateGroupsBody, await readJsonBody(request)).data)
        return single(groups.map((group) => toGroupResource(group)))
      }),
    ),
    http.delete(
      url('v1/groups'),
      route('groups:write', async ({ request, ctx }) => {
        const { data } = validateBody(deleteGroupsBody, await readJsonBody(request))
        await deleteGroups(
          ctx,
          data.map(({ id }, i) => ({ id, pointer: `/data/${i}/id` })),
        )
        return jsonApiDocument(null)
      }),
    ),
    http.get(
      url('v1/groups/:id'),
      route('groups:read', ({ params, url, ctx }) => {
        const fields = parseFields(url.searchParams, 'groups')
        return singleJson(resourceJson(visibleGroup(ctx, groupId(params)), toGroupResource, fields))
      }),
    ),
    http.patch(
      url('v1/groups/:id'),
      route('groups:write', async ({ request, params, ctx }) => {
        const { data } = validateBody(updateGroupBody, await readJsonBody(request))
        const [group] = await updateGroups(ctx, data, groupId(params))
        return single(toGroupResource(group as NonNullable<typeof group>))
      }),
    ),
    http.delete(
      url('v1/groups/:id'),
      route('groups:write', async ({ request, params, ctx }) => {
        const id = groupId(params)
        const body = await readJsonBody(request, true)
        if (body !== undefined) checkBodyId(id, validateBody(deleteGroupBody, body).data.id, '/data/id')
        await deleteGroups(ctx, [{ id }])
        return jsonApiDocument(null)
      }),
    ),
    http.get(
      url('v1/groups/:id/relationships/members'),
      route('groups:read', ({ params, ctx }) => {
        const group = visibleGroup(ctx, groupId(params))
        return jsonApiDocument({ data: toGroupResource(group).relationships.members.data })
      }),
    ),
    ...RELATIONSHIP_WRITES.flatMap(([method, operation]) => [
      method(
        url('v1/groups/:id/relationships/members'),
        route('groups:write', async ({ request, params, ctx }) => {
          const { data } = validateBody(membersBody, await readJsonBody(request))
          await changeRelationship(ctx, groupId(params), 'members', operation, data)
          return jsonApiDocument(null)
        }),
      ),
      method(
        url('v1/groups/:id/relationships/child_groups'),
        route('groups:write', async ({ request, params, ctx }) => {
          const { data } = validateBody(childGroupsBody, await readJsonBody(request))
          await changeRelationship(ctx, groupId(params), 'child_groups', operation, data)
          return jsonApiDocument(null)
        }),
      ),
    ]),
    http.get(
      url('v1/groups/:id/members'),
      route('groups:read', ({ params, url, path, ctx }) => {
        const page = parsePage(url.searchParams)
        const fields = parseFields(url.searchParams, 'entities')
        const found = listMembers(ctx, groupId(params), page)
        return collection(found, (entity) => resourceJson(entity, toEntityResource, fields), path, url, page.limit)
      }),
    ),
    http.get(
      url('v1/groups/:id/child_groups'),
      route('groups:read', ({ params, url, path, ctx }) => {
        const page = parsePage(url.searchParams)
        const fields = parseFields(url.searchParams, 'groups')
        const found = listChildGroups(ctx, groupId(params), page)
        return collection(found, (group) => resourceJson(group, toGroupResource, fields), path, url, page.limit)
      }),
    ),

    http.get(
      url('v1/group_types'),
      route('groups:read', ({ url, ctx }) => {
        const types = listGroupTypes(ctx, parsePermissioned(url.searchParams))
        return jsonApiDocument({ data: types.map(toGroupTypeResource), included: [], links: { next: null } })
      }),
    ),
    http.get(
      url('v1/group_types/:id'),
      route('groups:read', ({ params, ctx }) =>
        single(toGroupTypeResource(groupTypeOf(ctx, parseGroupTypeKey(String(params.id))))),
      ),
    ),
    http.post(
      url('v1/group_types'),
      route('groups:write', async ({ request, ctx }) => {
        const { data } = validateBody(createGroupTypeBody, await readJsonBody(request))
        return single(toGroupTypeResource(await createGroupType(ctx, data.attributes)), 201)
      }),
    ),
    http.patch(
      url('v1/group_types/:id'),
      route('groups:write', async ({ request, params, ctx }) => {
        const key = parseGroupTypeKey(String(params.id))
        const { data } = validateBody(updateGroupTypeBody, await readJsonBody(request))
        return single(toGroupTypeResource(await updateGroupType(ctx, key, data)))
      }),
    ),
    http.delete(
      url('v1/group_types/:id'),
      route('groups:write', ({ params, ctx }) => {
        deleteGroupType(ctx, parseGroupTypeKey(String(params.id)))
        return jsonApiDocument(null)
      }),
    ),

    http.get(
      url('v1/entities'),
      route('entities:read', ({ url, path, ctx }) => {
        const page = parsePage(url.searchParams)
        const fields = parseFields(url.searchParams, 'entities')
        const found = listEntities(ctx, parseListFilters(url.searchParams, 'entities'), page)
        return collection(found, (entity) => resourceJson(entity, toEntityResource, fields), path, url, page.limit)
      }),
    ),
    http.get(
      url('v1/entities/:id'),
      route('entities:read', ({ params, url, ctx }) => {
        const fields = parseFields(url.searchParams, 'entities')
        return singleJson(resourceJson(visibleEntity(ctx, String(params.id)), toEntityResource, fields))
      }),
    ),

    // Anything else under /v1 is answered in Addepar's format too: only four methods exist (405).
    http.all(url('v1/*'), ({ request }) => {
      const { pathname } = new URL(request.url)
      if (['GET', 'POST', 'PATCH', 'DELETE'].includes(request.method)) {
        return jsonApiError(404, `No route for ${request.method} ${pathname}`)
      }
      return jsonApiError(405, `Method ${request.method} is not allowed; use GET, POST, PATCH or DELETE`, {
        headers: { allow: 'GET, POST, PATCH, DELETE' },
      })
    }),
  ]
}
