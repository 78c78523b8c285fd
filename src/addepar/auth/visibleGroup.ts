import type { AddeparGroup } from '../../store/schemas.js'
import { AddeparError } from '../jsonapi/AddeparError.js'
import type { AddeparContext } from '../routes/createContext.js'

/** The group with this id, when it is in the caller's firm and view; 404 otherwise, never revealing which (docs/addepar.md#portfolio-access). */
export function visibleGroup(ctx: AddeparContext, id: string, pointer?: string): AddeparGroup {
  const group = ctx.store.addeparGroups.get(id)
  if (!group || group.firm_id !== ctx.firmId || !ctx.access.group(group)) {
    throw new AddeparError(404, `Group ${id} does not exist or you do not have access to it`, { pointer })
  }
  return group
}
