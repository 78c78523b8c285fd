import { AddeparError } from './AddeparError.js'

export interface PageRequest {
  limit: number
  /** The id the page starts after, or null for the first page. */
  after: string | null
}

export const DEFAULT_PAGE_LIMIT = 500
export const MAX_PAGE_LIMIT = 2000

/**
 * `page[limit]` (default 500, 1..2000, else 400) and `page[after]` (an item id) of a list request (docs/addepar.md#pagination).
 * URLSearchParams decodes names, so percent-encoded brackets work as plain ones.
 */
export function parsePage(params: URLSearchParams): PageRequest {
  const limitParam = params.get('page[limit]')
  const limit = limitParam === null ? DEFAULT_PAGE_LIMIT : /^[0-9]+$/.test(limitParam) ? Number(limitParam) : Number.NaN
  if (!(limit >= 1 && limit <= MAX_PAGE_LIMIT)) {
    throw new AddeparError(400, `page[limit] must be an integer from 1 to ${MAX_PAGE_LIMIT}, not "${limitParam}"`, {
      parameter: 'page[limit]',
    })
  }
  const after = params.get('page[after]')
  if (after !== null && !/^[0-9]+$/.test(after)) {
    throw new AddeparError(400, `page[after] must be the id of an item, not "${after}"`, { parameter: 'page[after]' })
  }
  return { limit, after: after === null ? null : after.replace(/^0+(?=[0-9])/, '') }
}
