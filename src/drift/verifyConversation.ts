import { memberModelType } from '../store/schemas.js'

/** Where one side of a verify run talks to, and as whom. */
export interface VerifySide {
  upvest?: { base: string; clientId: string; clientSecret: string; scopes: string }
  addepar?: { base: string; key: string; secret: string; firm: string }
}

/** The ids a conversation learns from its own answers, so that each side works on its own records. */
export type Learned = Record<string, string>

export interface VerifyStep {
  name: string
  api: 'upvest' | 'addepar'
  method: string
  /** The path below the API's base URL, from what was learned; undefined when an earlier answer is missing. */
  path(learned: Learned): string | undefined
  body?(learned: Learned, side: VerifySide): string
  contentType?: string
  /** Reads the ids later steps need from this step's JSON answer. */
  learn?(body: unknown, learned: Learned): void
}

const NAME = 'wealth-sandbox verify'
const json = (value: unknown) => JSON.stringify(value)
const data = (body: unknown) => (body as { data?: unknown }).data
const firstId = (body: unknown) => (data(body) as { id?: string }[] | undefined)?.[0]?.id
const relationship = (type: string, id: string | undefined) => json({ data: [{ type, id }] })
const need = (learned: Learned, ...keys: string[]) => keys.every((key) => learned[key] !== undefined)

/**
 * The scripted conversation of `wealth-sandbox verify` (docs/drift.md#verify), run alike against the real
 * providers and a local sandbox: a token, users, an account group created, read and closed; Addepar's group
 * types, entities, and two groups created, given members and a child group, changed back and deleted. It
 * creates only what it removes again (an Upvest account group cannot be deleted: it is closed); every step
 * whose ids are known runs, whatever the steps before it answered, so the removals run too.
 */
export const verifyConversation: readonly VerifyStep[] = [
  {
    name: 'token',
    api: 'upvest',
    method: 'POST',
    path: () => '/auth/token',
    contentType: 'application/x-www-form-urlencoded',
    body: (_learned, side) =>
      new URLSearchParams({
        client_id: side.upvest?.clientId ?? '',
        client_secret: side.upvest?.clientSecret ?? '',
        grant_type: 'client_credentials',
        scope: side.upvest?.scopes ?? '',
      }).toString(),
    learn: (body, learned) => {
      const token = (body as { access_token?: string }).access_token
      if (token) learned.token = token
    },
  },
  {
    name: 'list users',
    api: 'upvest',
    method: 'GET',
    path: (learned) => (need(learned, 'token') ? '/users?limit=1' : undefined),
    learn: (body, learned) => {
      const id = firstId(body)
      if (id) learned.user = id
    },
  },
  {
    name: 'read a user',
    api: 'upvest',
    method: 'GET',
    path: (learned) => (need(learned, 'user') ? `/users/${learned.user}` : undefined),
  },
  {
    name: 'create an account group',
    api: 'upvest',
    method: 'POST',
    path: (learned) => (need(learned, 'user') ? '/account_groups' : undefined),
    contentType: 'application/json',
    body: (learned) => json({ user_id: learned.user, type: 'LEGAL_ENTITY' }),
    learn: (body, learned) => {
      const id = (body as { id?: string }).id
      if (id) learned.accountGroup = id
    },
  },
  {
    name: 'read the account group',
    api: 'upvest',
    method: 'GET',
    path: (learned) => (need(learned, 'accountGroup') ? `/account_groups/${learned.accountGroup}` : undefined),
  },
  {
    name: 'close the account group',
    api: 'upvest',
    method: 'DELETE',
    path: (learned) =>
      need(learned, 'accountGroup')
        ? `/account_groups/${learned.accountGroup}?closure_reason=user_initiated`
        : undefined,
  },
  { name: 'list group types', api: 'addepar', method: 'GET', path: () => '/v1/group_types' },
  {
    name: 'list entities',
    api: 'addepar',
    method: 'GET',
    path: () => '/v1/entities?page[limit]=100',
    learn: (body, learned) => {
      const members = ((data(body) ?? []) as { id: string; attributes?: { model_type?: string } }[]).filter(
        (entity) => memberModelType.safeParse(entity.attributes?.model_type).success,
      )
      if (members[0]) learned.entity = members[0].id
      if (members[1]) learned.otherEntity = members[1].id
    },
  },
  {
    name: 'read an entity',
    api: 'addepar',
    method: 'GET',
    path: (learned) => (need(learned, 'entity') ? `/v1/entities/${learned.entity}` : undefined),
  },
  { name: 'list groups', api: 'addepar', method: 'GET', path: () => '/v1/groups?page[limit]=5' },
  ...(['parent', 'child'] as const).map(
    (role): VerifyStep => ({
      name: `create the ${role} group`,
      api: 'addepar',
      method: 'POST',
      path: () => '/v1/groups',
      contentType: 'application/vnd.api+json',
      body: () =>
        json({
          data: {
            type: 'groups',
            attributes: { name: `${NAME} ${role}` },
            relationships: { group_type: { data: { type: 'group_types', id: 'GROUPS' } } },
          },
        }),
      learn: (body, learned) => {
        const id = (data(body) as { id?: string } | undefined)?.id
        if (id) learned[role] = id
      },
    }),
  ),
  ...(
    [
      ['add members', 'POST', 'members', 'entities', ['entity', 'otherEntity']],
      ['remove a member', 'DELETE', 'members', 'entities', ['otherEntity']],
      ['add the child group', 'POST', 'child_groups', 'groups', ['child']],
    ] as const
  ).map(
    ([name, method, kind, type, keys]): VerifyStep => ({
      name,
      api: 'addepar',
      method,
      path: (learned) =>
        need(learned, 'parent', ...keys) ? `/v1/groups/${learned.parent}/relationships/${kind}` : undefined,
      contentType: 'application/vnd.api+json',
      body: (learned) => json({ data: keys.map((key) => ({ type, id: learned[key] })) }),
    }),
  ),
  {
    name: 'read the parent group',
    api: 'addepar',
    method: 'GET',
    path: (learned) => (need(learned, 'parent') ? `/v1/groups/${learned.parent}` : undefined),
  },
  {
    name: 'list its members',
    api: 'addepar',
    method: 'GET',
    path: (learned) => (need(learned, 'parent') ? `/v1/groups/${learned.parent}/members` : undefined),
  },
  {
    name: 'list its child groups',
    api: 'addepar',
    method: 'GET',
    path: (learned) => (need(learned, 'parent') ? `/v1/groups/${learned.parent}/child_groups` : undefined),
  },
  {
    name: 'remove the child group',
    api: 'addepar',
    method: 'DELETE',
    path: (learned) =>
      need(learned, 'parent', 'child') ? `/v1/groups/${learned.parent}/relationships/child_groups` : undefined,
    contentType: 'application/vnd.api+json',
    body: (learned) => relationship('groups', learned.child),
  },
  ...(['child', 'parent'] as const).map(
    (role): VerifyStep => ({
      name: `delete the ${role} group`,
      api: 'addepar',
      method: 'DELETE',
      path: (learned) => (need(learned, role) ? `/v1/groups/${learned[role]}` : undefined),
    }),
  ),
]
