export const DOCUMENTED_GROUP_5 = {
  data: {
    type: 'groups',
    id: '5',
    attributes: { name: 'Group 1', created_at: '2023-07-28T02:24:30Z', modified_at: '2023-07-30T10:43:21Z' },
    relationships: {
      members: {
        links: { self: '/v1/groups/5/relationships/members', related: '/v1/groups/5/members' },
        data: [
          { type: 'entities', id: '22' },
          { type: 'entities', id: '24' },
          { type: 'entities', id: '117' },
        ],
      },
      group_type: {
        links: { self: '/v1/groups/5/relationships/group_type', related: '/v1/groups/5/group_type' },
        data: { type: 'group_types', id: 'GROUPS' },
      },
      child_groups: {
        links: { self: '/v1/groups/5/relationships/child_groups', related: '/v1/groups/5/child_groups' },
        data: [{ type: 'groups', id: '6' }],
      },
    },
    links: { self: '/v1/groups/5' },
  },
  included: [],
}

/** The default scenario's admin, as Basic credentials with the firm header. */
export const ADMIN_HEADERS = {
  authorization: `Basic ${btoa('sandbox-admin-key:sandbox-admin-secret')}`,
  'addepar-firm': '123',
  accept: 'application/vnd.api+json',
}
