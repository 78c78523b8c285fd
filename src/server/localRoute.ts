import type { Api } from '../sandbox/mountProviders.js'

const ADDEPAR_PREFIXES = ['/api/v1', '/v1']
const CONTROL_PREFIX = '/__sandbox'

export interface LocalRoute {
  api: Api
  /** The path as the client sent it. */
  pathname: string
  /** The path below the API's base URL: `/v1/groups` for both `/api/v1/groups` and `/v1/groups`. */
  path: string
  search: string
}

function under(pathname: string, prefix: string): boolean {
  return pathname.startsWith(prefix) && (pathname.length === prefix.length || pathname[prefix.length] === '/')
}

/**
 * Which API a local URL belongs to, on one origin with the providers' real paths: `/__sandbox/...` is the
 * control API, `/api/v1/...` and `/v1/...` are Addepar's, everything else is Upvest's.
 */
export function localRoute(originalUrl: string): LocalRoute {
  const q = originalUrl.indexOf('?')
  const pathname = q < 0 ? originalUrl : originalUrl.slice(0, q)
  const search = q < 0 ? '' : originalUrl.slice(q)
  if (under(pathname, CONTROL_PREFIX)) {
    return { api: 'control', pathname, path: pathname.slice(CONTROL_PREFIX.length) || '/', search }
  }
  const prefix = ADDEPAR_PREFIXES.find((each) => under(pathname, each))
  if (prefix) return { api: 'addepar', pathname, path: `/v1${pathname.slice(prefix.length)}`, search }
  return { api: 'upvest', pathname, path: pathname, search }
}
