import { ADMIN_HEADERS } from './addepar.js'

/** Headers of the default scenario's Addepar admin, in sandbox `id` when given. */
export function addepar(id?: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...ADMIN_HEADERS,
    'content-type': 'application/vnd.api+json',
    ...(id ? { 'x-sandbox-id': id } : {}),
    ...extra,
  }
}

/** Creates an Addepar group over HTTP and returns its id. */
export async function createGroup(base: string, name: string, id?: string): Promise<string> {
  const response = await fetch(`${base}/api/v1/groups`, {
    method: 'POST',
    headers: addepar(id),
    body: JSON.stringify({
      data: {
        type: 'groups',
        attributes: { name },
        relationships: { group_type: { data: { type: 'group_types', id: 'GROUPS' } } },
      },
    }),
  })
  if (response.status !== 201) throw new Error(`create group: ${response.status} ${await response.text()}`)
  return ((await response.json()) as { data: { id: string } }).data.id
}

/** The names of every Addepar group the sandbox holds, read over HTTP. */
export async function groupNames(base: string, id?: string): Promise<string[]> {
  const response = await fetch(`${base}/api/v1/groups?page[limit]=500`, { headers: addepar(id) })
  if (response.status !== 200) throw new Error(`list groups: ${response.status} ${await response.text()}`)
  const body = (await response.json()) as { data: { attributes: { name: string } }[] }
  return body.data.map((group) => group.attributes.name)
}

// biome-ignore lint/suspicious/noExplicitAny: JSON answers under test; the assertions check their shape
export type Json = any

/** A JSON request to the control API. */
export async function control(
  base: string,
  method: string,
  path: string,
  options: { body?: unknown; id?: string } = {},
): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${base}/__sandbox/${path}`, {
    method,
    headers: {
      ...(options.id ? { 'x-sandbox-id': options.id } : {}),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  })
  const text = await response.text()
  return { status: response.status, body: text ? JSON.parse(text) : undefined }
}
