import { memberModelType } from '../../store/schemas.js'
import { AddeparError } from '../jsonapi/AddeparError.js'
import type { AddeparContext } from '../routes/createContext.js'

const MEMBER_TYPES = new Set<string>(memberModelType.options)

/**
 * Member ids from relationship data, each checked and deduplicated, so members never hold duplicates
 * (docs/addepar.md#relationship-writes). An entity that does not exist or is outside the caller's portfolio access, or that is not one
 * of the five member model types, is a 400 (docs/addepar.md#create-groups).
 */
export function resolveMembers(ctx: AddeparContext, data: readonly { id: string }[], pointer: string): string[] {
  const ids = new Set<string>()
  data.forEach(({ id }, i) => {
    const entity = ctx.store.addeparEntities.get(id)
    const at = `${pointer}/${i}/id`
    if (!entity || entity.firm_id !== ctx.firmId || !ctx.access.entity(id)) {
      throw new AddeparError(400, `Entity ${id} does not exist or you do not have access to it`, { pointer: at })
    }
    if (!MEMBER_TYPES.has(entity.model_type)) {
      throw new AddeparError(
        400,
        `Entity ${id} is a ${entity.model_type}; members must be one of ${memberModelType.options.join(', ')}`,
        { pointer: at },
      )
    }
    ids.add(id)
  })
  return [...ids]
}
