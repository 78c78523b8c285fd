import { AddeparError } from './AddeparError.js'

/** 409 when the id in a body is not the id in the URL (docs/addepar.md#update-groups): the write would hit another resource. */
export function checkBodyId(urlId: string, bodyId: string | undefined, pointer: string): void {
  if (bodyId !== undefined && bodyId !== urlId) {
    throw new AddeparError(409, `The id ${bodyId} in the body does not match the id ${urlId} in the URL`, { pointer })
  }
}
