import type { BaseUrls } from '../sandbox/createSandbox.js'

export type Api = 'control' | 'upvest' | 'addepar'

/** Origin the control handlers answer on inside the server; clients only ever see `/__sandbox/...`. */
export const CONTROL_ORIGIN = 'http://sandbox.internal/'

const ADDEPAR_PREFIXES = ['/api/v1', '/v1']

function addeparPrefix(originalUrl: string): string | undefined {
  return ADDEPAR_PREFIXES.find((prefix) => {
    const next = originalUrl[prefix.length]
    return originalUrl.startsWith(prefix) && (next === undefined || next === '/' || next === '?')
  })
}

/** Which API a local path belongs to (DESIGN.md section 4). */
export function apiFor(originalUrl: string): Api {
  if (originalUrl.startsWith('/__sandbox')) return 'control'
  return addeparPrefix(originalUrl) ? 'addepar' : 'upvest'
}

/**
 * Maps a local path onto the origin the handlers answer: `/__sandbox/...` to the control API,
 * `/api/v1/...` and `/v1/...` to Addepar's base URL, everything else to Upvest's.
 */
export function routeRequest(originalUrl: string, baseUrls: BaseUrls): { api: Api; url: string } {
  const api = apiFor(originalUrl)
  if (api === 'control') return { api, url: CONTROL_ORIGIN + originalUrl.slice(1) }
  if (api === 'addepar') {
    const prefix = addeparPrefix(originalUrl) as string
    return { api, url: `${baseUrls.addepar}v1${originalUrl.slice(prefix.length)}` }
  }
  return { api, url: new URL(originalUrl.slice(1), baseUrls.upvest).href }
}
