/**
 * The cycle that giving `parentId` the children `children` would close, as a path from the parent back to
 * itself (`['5', '6', '7', '5']`), or null. `childrenOf` describes the rest of the graph, so a bulk write can
 * pass its planned changes; the walk visits each group once, whatever the shape of the graph.
 */
export function findCycle(
  childrenOf: (id: string) => readonly string[],
  parentId: string,
  children: readonly string[],
): string[] | null {
  const cameFrom = new Map<string, string>()
  const stack: string[] = []
  for (const child of children) {
    if (!cameFrom.has(child)) {
      cameFrom.set(child, parentId)
      stack.push(child)
    }
  }
  while (stack.length > 0) {
    const id = stack.pop() as string
    if (id === parentId) {
      const path = [parentId]
      for (let at = cameFrom.get(parentId) as string; at !== parentId; at = cameFrom.get(at) as string) path.push(at)
      path.push(parentId)
      return path.reverse()
    }
    for (const next of childrenOf(id)) {
      if (!cameFrom.has(next)) {
        cameFrom.set(next, id)
        stack.push(next)
      }
    }
  }
  return null
}
