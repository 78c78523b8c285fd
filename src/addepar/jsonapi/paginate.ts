export interface Page<T> {
  items: T[]
  /** The id to continue after when more matches follow, else null. */
  next: string | null
}

/**
 * One page from candidates in ascending id order that already start after the cursor: it takes `limit`
 * matches and looks for one more, so the cost is the walk to the end of the page, never the whole list.
 */
export function paginate<T extends { id: string }>(
  candidates: Iterable<T>,
  limit: number,
  match: (item: T) => boolean = () => true,
): Page<T> {
  const items: T[] = []
  for (const item of candidates) {
    if (!match(item)) continue
    if (items.length === limit) return { items, next: (items.at(-1) as T).id }
    items.push(item)
  }
  return { items, next: null }
}
