/** What a relationship write does (docs/addepar.md#relationship-writes): POST adds, PATCH replaces, DELETE removes. */
export type RelationshipOperation = 'add' | 'replace' | 'remove'

/** A relationship's ids after an operation; the order is kept and nothing appears twice. */
export function combineIds(operation: RelationshipOperation, current: readonly string[], given: readonly string[]) {
  if (operation === 'replace') return [...new Set(given)]
  if (operation === 'remove') {
    const removed = new Set(given)
    return current.filter((id) => !removed.has(id))
  }
  return [...new Set([...current, ...given])]
}
