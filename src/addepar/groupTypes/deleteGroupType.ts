import { AddeparError } from '../jsonapi/AddeparError.js'
import type { AddeparContext } from '../routes/createContext.js'
import { groupTypeOf } from './groupTypeOf.js'

/** `DELETE /v1/group_types/:id` (docs/addepar.md#group-types): not the built-in `GROUPS` (403), nor a type groups still use (409). */
export function deleteGroupType(ctx: AddeparContext, key: string): void {
  const type = groupTypeOf(ctx, key)
  if (type.built_in) throw new AddeparError(403, `The built-in group type ${key} cannot be deleted`)
  const using = ctx.store.indexes.groupsByType.list(type.id).length
  if (using > 0) throw new AddeparError(409, `Group type ${key} is used by ${using} group(s)`)
  ctx.store.addeparGroupTypes.delete(type.id)
}
