import type { AddeparGroupType } from '../../store/schemas.js'
import { AddeparError } from '../jsonapi/AddeparError.js'
import type { AddeparContext } from '../routes/createContext.js'

/** The caller's firm's group type with this key; 404 when there is none (docs/addepar.md#create-groups). */
export function groupTypeOf(ctx: AddeparContext, key: string, pointer?: string): AddeparGroupType {
  const type = ctx.store.addeparGroupTypes.get(`${ctx.firmId}:${key}`)
  if (!type)
    throw new AddeparError(404, `Group type ${key} does not exist or you do not have access to it`, { pointer })
  return type
}
