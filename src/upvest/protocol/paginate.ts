import { z } from 'zod'

const integer = (min: number, max: number, fallback: number) =>
  z
    .string()
    .regex(/^[0-9]+$/, 'must be an integer')
    .transform(Number)
    .pipe(z.number().min(min).max(max))
    .default(fallback)

/**
 * The query of a list endpoint (docs/upvest.md#lists) over the sort fields it offers: `limit` 1..1000 (default 100),
 * `offset` >= 0 (default 0), `sort` (default `created_at`), `order` `ASC` | `DESC` (default `ASC`).
 */
export function listQuery<const Sort extends readonly ['created_at', ...string[]]>(sorts: Sort) {
  return z.object({
    limit: integer(1, 1000, 100),
    offset: integer(0, Number.MAX_SAFE_INTEGER, 0),
    sort: z.enum(sorts).default('created_at' as Sort[number]),
    order: z.enum(['ASC', 'DESC']).default('ASC'),
  })
}
export type ListQuery = z.output<ReturnType<typeof listQuery>>

export interface ListPage<T> {
  meta: { offset: number; limit: number; count: number; total_count: number } & Pick<ListQuery, 'sort' | 'order'>
  data: T[]
}

/**
 * One page of records kept sorted ascending by (sort field, id): a slice, read from the far end for
 * DESC, so a page costs its own length however large the list.
 */
export function paginate<R, T>(
  sorted: { readonly length: number; at(index: number): R | undefined },
  query: ListQuery,
  toPublic: (record: R) => T,
): ListPage<T> {
  const total = sorted.length
  const count = Math.max(0, Math.min(query.limit, total - query.offset))
  const data: T[] = []
  for (let i = 0; i < count; i++) {
    const at = query.order === 'ASC' ? query.offset + i : total - 1 - query.offset - i
    data.push(toPublic(sorted.at(at) as R))
  }
  return {
    meta: { offset: query.offset, limit: query.limit, count, total_count: total, sort: query.sort, order: query.order },
    data,
  }
}
