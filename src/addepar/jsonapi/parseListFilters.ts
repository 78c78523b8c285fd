import { type LinkingStatus, linkingStatus } from '../../store/schemas.js'
import { AddeparError } from './AddeparError.js'

export interface ListFilters {
  /** `filter[ids]`, or null. */
  ids: string[] | null
  /** `filter[group_types]` (group type keys) or `filter[model_types]` (upper-case model types), or null. */
  types: string[] | null
  /** The four date filters, inclusive (docs/addepar.md#filters). */
  matchesDates(record: { created_at: string; modified_at: string }): boolean
  /** `filter[linking_status]` on entities: online accounts linked (or not) to an owner, or null. */
  linkingStatus: LinkingStatus | null
}

const DATE_FILTERS = ['created_before', 'created_after', 'modified_before', 'modified_after'] as const
const TYPE_FILTERS = { groups: ['group_types'], entities: ['model_types', 'entity_types'] } as const
const LINKING_FILTERS = { groups: [], entities: ['linking_status'] } as const

// The docs quote filter values (`filter[created_before]="2023-04-12"`); clients send them bare.
const unquote = (value: string) =>
  value
    .trim()
    .replace(/^(["'])(.*)\1$/, '$2')
    .trim()
const list = (value: string) => unquote(value).split(',').map(unquote).filter(Boolean)

function parseDate(name: string, value: string): string {
  const date = unquote(value)
  const ms = Date.parse(`${date}T00:00:00Z`)
  // Date.parse rolls 2023-02-30 over to March; printing it back catches that.
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(ms) || !new Date(ms).toISOString().startsWith(date)) {
    throw new AddeparError(400, `${name} must be a date formatted as YYYY-MM-DD, not "${value}"`, { parameter: name })
  }
  return date
}

/**
 * The `filter[...]` parameters of `GET /v1/groups` (docs/addepar.md#filters) or `GET /v1/entities` (docs/addepar.md#entities). An unknown filter or
 * a malformed value is a 400 naming the parameter; model types match case-insensitively, since the
 * entity-types API spells them in lower case.
 */
export function parseListFilters(params: URLSearchParams, resource: 'groups' | 'entities'): ListFilters {
  const filters: ListFilters = { ids: null, types: null, matchesDates: () => true, linkingStatus: null }
  let typesFilter: string | undefined
  let linkingFilter: string | undefined
  const bounds: { field: 'created_at' | 'modified_at'; before: boolean; date: string }[] = []
  for (const [name, value] of params) {
    const key = /^filter\[(.*)\]$/.exec(name)?.[1]
    if (key === undefined) continue
    if (key === 'ids') {
      filters.ids = list(value)
      const bad = filters.ids.find((id) => !/^[0-9]+$/.test(id))
      if (bad !== undefined) throw new AddeparError(400, `${name}: "${bad}" is not an id`, { parameter: name })
    } else if ((TYPE_FILTERS[resource] as readonly string[]).includes(key)) {
      const types = list(value)
      filters.types = resource === 'entities' ? types.map((type) => type.toUpperCase()) : types
      typesFilter = name
    } else if ((LINKING_FILTERS[resource] as readonly string[]).includes(key)) {
      const status = linkingStatus.safeParse(unquote(value))
      if (!status.success) {
        throw new AddeparError(400, `${name} must be linked or unlinked, not "${value}"`, { parameter: name })
      }
      filters.linkingStatus = status.data
      linkingFilter = name
    } else if ((DATE_FILTERS as readonly string[]).includes(key)) {
      const [field, side] = key.split('_') as ['created' | 'modified', 'before' | 'after']
      bounds.push({ field: `${field}_at`, before: side === 'before', date: parseDate(name, value) })
    } else {
      const known = ['ids', ...TYPE_FILTERS[resource], ...LINKING_FILTERS[resource], ...DATE_FILTERS].map(
        (filter) => `filter[${filter}]`,
      )
      throw new AddeparError(400, `Unknown filter ${name}; known: ${known.join(', ')}`, { parameter: name })
    }
  }
  // The Entities page rules out combining the model type and the linking status filters.
  if (typesFilter !== undefined && linkingFilter !== undefined) {
    throw new AddeparError(400, `${linkingFilter} cannot be combined with ${typesFilter}`, {
      parameter: linkingFilter,
    })
  }
  if (bounds.length > 0) {
    filters.matchesDates = (record) =>
      bounds.every(({ field, before, date }) => {
        const day = record[field].slice(0, 10)
        return before ? day <= date : day >= date
      })
  }
  return filters
}
