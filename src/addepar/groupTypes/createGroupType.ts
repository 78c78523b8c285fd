import { AddeparError } from '../jsonapi/AddeparError.js'
import type { GroupTypeCreate } from '../resources/requestBodies.js'
import type { AddeparContext } from '../routes/createContext.js'

/** `POST /v1/group_types` (docs/addepar.md#group-types): a new custom type; a key the firm already has is a 409. */
export async function createGroupType(ctx: AddeparContext, attributes: GroupTypeCreate) {
  const id = `${ctx.firmId}:${attributes.group_type_key}`
  if (ctx.store.addeparGroupTypes.has(id)) {
    throw new AddeparError(409, `Group type ${attributes.group_type_key} already exists`, {
      pointer: '/data/attributes/group_type_key',
    })
  }
  return ctx.store.addeparGroupTypes.insert({ ...attributes, id, firm_id: ctx.firmId, built_in: false })
}
