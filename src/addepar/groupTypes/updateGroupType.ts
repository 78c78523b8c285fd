import { AddeparError } from '../jsonapi/AddeparError.js'
import { checkBodyId } from '../jsonapi/checkBodyId.js'
import type { GroupTypeUpdate } from '../resources/requestBodies.js'
import type { AddeparContext } from '../routes/createContext.js'
import { groupTypeOf } from './groupTypeOf.js'

/**
 * `PATCH /v1/group_types/:id` (docs/addepar.md#group-types): only `display_name` changes. The built-in `GROUPS` type cannot change
 * (403); the key and the permission model may be repeated but not changed (400).
 */
export async function updateGroupType(ctx: AddeparContext, key: string, data: GroupTypeUpdate) {
  checkBodyId(key, data.id, '/data/id')
  const type = groupTypeOf(ctx, key)
  if (type.built_in) throw new AddeparError(403, `The built-in group type ${key} cannot be changed`)
  const { group_type_key, is_permissioned_resource, display_name } = data.attributes
  for (const [name, value] of [
    ['group_type_key', group_type_key],
    ['is_permissioned_resource', is_permissioned_resource],
  ] as const) {
    if (value !== undefined && value !== type[name]) {
      throw new AddeparError(400, `${name} cannot be changed; only display_name can`, {
        pointer: `/data/attributes/${name}`,
      })
    }
  }
  return ctx.store.addeparGroupTypes.update(type.id, (draft) => {
    draft.display_name = display_name
  })
}
