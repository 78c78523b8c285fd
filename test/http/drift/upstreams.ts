import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Upstream {
  url: string
  close(): Promise<void>
}

async function listen(server: Server): Promise<Upstream> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

const bodyOf = async (request: IncomingMessage) => {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/**
 * A real provider that moved away from the sandbox: a small `node:http` server in front of a faithful sandbox
 * that alters three answers. `GET /users` items gain a `nickname`; account groups say `ENABLED` where the
 * sandbox says `ACTIVE`; `GET /v1/group_types` answers 201 where 200 is documented.
 */
export function startDriftedUpstream(faithful: string): Promise<Upstream> {
  return listen(
    createServer(async (request, response) => {
      const body = await bodyOf(request)
      const headers = Object.fromEntries(
        Object.entries(request.headers).filter(([name]) => name !== 'host' && name !== 'content-length'),
      ) as Record<string, string>
      const answer = await fetch(`${faithful}${request.url}`, {
        method: request.method,
        headers,
        body: body.length > 0 ? body : undefined,
      })
      let text = await answer.text()
      let status = answer.status
      const path = (request.url ?? '').split('?', 1)[0] ?? ''
      if (request.method === 'GET' && path === '/users' && status === 200) {
        const list = JSON.parse(text)
        for (const user of list.data) user.nickname = 'planted'
        text = JSON.stringify(list)
      }
      if (path.startsWith('/account_groups') && text.includes('"ACTIVE"'))
        text = text.replaceAll('"ACTIVE"', '"ENABLED"')
      if (request.method === 'GET' && path === '/api/v1/group_types' && status === 200) status = 201
      const relayed: Record<string, string> = {}
      for (const name of ['content-type', 'upvest-request-id']) {
        const value = answer.headers.get(name)
        if (value) relayed[name] = value
      }
      response.writeHead(status, relayed).end(text)
    }),
  )
}

/** An upstream that answers every request with `answer`, or never (`null`): for slow and broken providers. */
export function startBrokenUpstream(answer: { status: number; type: string; body: string } | null): Promise<Upstream> {
  return listen(
    createServer((_request, response) => {
      if (answer) response.writeHead(answer.status, { 'content-type': answer.type }).end(answer.body)
    }),
  )
}

/** A port nothing listens on: a server started and closed. */
export async function refusedUrl(): Promise<string> {
  const server = await listen(createServer())
  await server.close()
  return server.url
}
