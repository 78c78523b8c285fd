/** The named query parameters that are present (the first of repeated ones); others are ignored. */
export function pickParams(query: URLSearchParams, names: readonly string[]): Record<string, string> {
  const picked: Record<string, string> = {}
  for (const name of names) {
    const value = query.get(name)
    if (value !== null) picked[name] = value
  }
  return picked
}
