import { joinJson } from '../../engine/joinJson.js'
import type { ListPage } from './paginate.js'

/**
 * The JSON text of a list page whose records are given as their JSON text (`recordJson`): the same bytes
 * as `JSON.stringify` of the page, without serialising a record again.
 */
export function pageJson(page: ListPage<string>): string {
  return joinJson(`{"meta":${JSON.stringify(page.meta)},"data":[`, page.data, ']}')
}
