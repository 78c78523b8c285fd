import type { z } from 'zod'
import type { Sandbox } from '../sandbox/createSandbox.js'
import type { UpvestScope } from '../store/schemas.js'
import { exclusive } from './exclusive.js'
import { gatekeep } from './gatekeep.js'
import { idempotent } from './idempotent.js'
import { parseInput } from './parseInput.js'
import { readJson } from './readJson.js'
import type { Reply } from './reply.js'

/**
 * The flow of every create POST: gatekeeping (S2, which requires the idempotency key), then, one
 * mutation at a time, idempotent replay (S10, S11) around validating the body and running `create`.
 */
export async function idempotentCreate<S extends z.ZodType>(
  sandbox: Sandbox,
  request: Request,
  scopes: readonly UpvestScope[],
  schema: S,
  create: (clientId: string, input: z.output<S>) => Promise<Reply>,
): Promise<Reply> {
  const { client, idempotencyKey } = await gatekeep(sandbox, request, scopes)
  const body = await readJson(request)
  const replay = {
    clientId: client.id,
    key: idempotencyKey as string,
    method: request.method,
    path: new URL(request.url).pathname,
    body,
  }
  return exclusive(sandbox, () =>
    idempotent(sandbox, replay, () => create(client.id, parseInput(schema, body, 'request body'))),
  )
}
