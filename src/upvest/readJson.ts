import { UpvestError } from './UpvestError.js'

/** The request's JSON body, `undefined` when it has none; malformed JSON is a 400 (S8). */
export async function readJson(request: Request): Promise<unknown> {
  const text = await request.text()
  if (text.trim() === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    throw new UpvestError(400, 'request body: malformed JSON')
  }
}
