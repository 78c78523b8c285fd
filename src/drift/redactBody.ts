import { shapeOf } from './shapeOf.js'

/**
 * A request or response body as the journal may keep it in proxy mode: the shape of a JSON or form body
 * (field names and types, `client_secret` as much as any other), otherwise only its length.
 */
export function redactBody(body: string, contentType: string | null): string | null {
  if (body === '') return null
  if (contentType?.includes('application/x-www-form-urlencoded')) {
    return JSON.stringify(Object.fromEntries([...new URLSearchParams(body).keys()].map((key) => [key, 'string'])))
  }
  try {
    return JSON.stringify(shapeOf(JSON.parse(body)))
  } catch {
    return `(${body.length} characters, not JSON)`
  }
}
