import { beforeEach, describe, expect, it } from 'vitest'
import { contextAs, failure } from '../../../test/support/addeparApi.js'
import { createSandbox, type Sandbox } from '../../index.js'
import { createGroupType } from './createGroupType.js'
import { deleteGroupType } from './deleteGroupType.js'
import { listGroupTypes } from './listGroupTypes.js'
import { updateGroupType } from './updateGroupType.js'

// Group type rules (docs/addepar.md#group-types), without HTTP.

let sandbox: Sandbox
beforeEach(async () => {
  sandbox = await createSandbox()
})
const admin = () => contextAs(sandbox, '1')
const keys = (types: { group_type_key: string }[]) => types.map((type) => type.group_type_key)
const rename = (display_name: string, rest = {}) => ({
  type: 'group_types' as const,
  attributes: { display_name, ...rest },
})

describe('group types', () => {
  it('lists the firm types, optionally by permission model', () => {
    expect(keys(listGroupTypes(admin()))).toEqual(['GROUPS', 'HH_GROUPS'])
    expect(keys(listGroupTypes(admin(), true))).toEqual(['GROUPS'])
    expect(keys(listGroupTypes(admin(), false))).toEqual(['HH_GROUPS'])
  })

  it('creates a custom type and refuses a key the firm has (409)', async () => {
    const attributes = { group_type_key: 'ADVISORS', display_name: 'Advisors', is_permissioned_resource: true }
    expect(await createGroupType(admin(), attributes)).toEqual({
      id: '123:ADVISORS',
      firm_id: '123',
      built_in: false,
      ...attributes,
    })
    expect(await failure(() => createGroupType(admin(), attributes))).toMatchObject({ status: 409 })
  })

  it('changes only the display name, never of the built-in GROUPS', async () => {
    expect((await updateGroupType(admin(), 'HH_GROUPS', rename('Families'))).display_name).toBe('Families')
    expect(await failure(() => updateGroupType(admin(), 'GROUPS', rename('Mine')))).toMatchObject({ status: 403 })
    expect(
      await failure(() => updateGroupType(admin(), 'HH_GROUPS', rename('X', { is_permissioned_resource: true }))),
    ).toMatchObject({ status: 400, pointer: '/data/attributes/is_permissioned_resource' })
    await updateGroupType(
      admin(),
      'HH_GROUPS',
      rename('Y', { group_type_key: 'HH_GROUPS', is_permissioned_resource: false }),
    )
    expect(await failure(() => updateGroupType(admin(), 'NOPE', rename('X')))).toMatchObject({ status: 404 })
    expect(await failure(() => updateGroupType(admin(), 'HH_GROUPS', { ...rename('X'), id: 'GROUPS' }))).toMatchObject({
      status: 409,
    })
  })

  it('deletes a type no group uses, and neither GROUPS (403) nor a type in use (409)', async () => {
    expect(await failure(() => deleteGroupType(admin(), 'GROUPS'))).toMatchObject({ status: 403 })
    expect(await failure(() => deleteGroupType(admin(), 'HH_GROUPS'))).toEqual({
      status: 409,
      detail: 'Group type HH_GROUPS is used by 4 group(s)',
    })
    await createGroupType(admin(), { group_type_key: 'EMPTY', display_name: 'Empty', is_permissioned_resource: false })
    deleteGroupType(admin(), 'EMPTY')
    expect(sandbox.store.addeparGroupTypes.has('123:EMPTY')).toBe(false)
    expect(await failure(() => deleteGroupType(admin(), 'EMPTY'))).toMatchObject({ status: 404 })
  })
})
