import type { AddeparEntity } from '../../store/schemas.js'
import { AddeparError } from '../jsonapi/AddeparError.js'
import type { AddeparContext } from '../routes/createContext.js'

/** The entity with this id, when it is in the caller's firm and portfolio access; 404 otherwise (docs/addepar.md#portfolio-access). */
export function visibleEntity(ctx: AddeparContext, id: string): AddeparEntity {
  const entity = ctx.store.addeparEntities.get(id)
  if (!entity || entity.firm_id !== ctx.firmId || !ctx.access.entity(id)) {
    throw new AddeparError(404, `Entity ${id} does not exist or you do not have access to it`)
  }
  return entity
}
