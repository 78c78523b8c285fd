// Brackets and commas stay readable in links, as in the docs (`?page[limit]=100&page[after]=10001`,
// `filter[ids]=1,2,3`); both are legal in a query.
const encode = (value: string) =>
  encodeURIComponent(value).replaceAll('%5B', '[').replaceAll('%5D', ']').replaceAll('%2C', ',')

/**
 * `links.next` of a page (docs/addepar.md#pagination): the relative `/v1/...` path with the request's other parameters (filters,
 * fields), `page[limit]` and `page[after]`; null on the last page.
 */
export function nextLink(path: string, params: URLSearchParams, limit: number, next: string | null): string | null {
  if (next === null) return null
  const query: string[] = []
  for (const [name, value] of params) {
    if (name !== 'page[limit]' && name !== 'page[after]') query.push(`${encode(name)}=${encode(value)}`)
  }
  query.push(`page[limit]=${limit}`, `page[after]=${next}`)
  return `${path}?${query.join('&')}`
}
