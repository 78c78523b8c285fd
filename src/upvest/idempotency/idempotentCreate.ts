import type { z } from 'zod'
import type { EngineRequest } from '../../engine/EngineRequest.js'
import type { Gate } from '../auth/gatekeep.js'
import { parseInput } from '../protocol/parseInput.js'
import { readJson } from '../protocol/readJson.js'
import type { Reply } from '../protocol/reply.js'
import type { UpvestContext } from '../UpvestContext.js'
import { exclusive } from './exclusive.js'
import { idempotent } from './idempotent.js'

/**
 * The flow of every create POST after gatekeeping (docs/upvest.md#gatekeeping, which requires the idempotency key): one
 * mutation at a time, idempotent replay (docs/upvest.md#idempotent-replay, #idempotency-key-reuse) around validating the body and running `create`.
 */
export function idempotentCreate<S extends z.ZodType>(
  sandbox: UpvestContext,
  request: EngineRequest,
  gate: Gate,
  schema: S,
  create: (clientId: string, input: z.output<S>) => Promise<Reply>,
): Promise<Reply> {
  const { client, idempotencyKey } = gate
  const body = readJson(request)
  const replay = {
    clientId: client.id,
    key: idempotencyKey as string,
    method: request.method,
    path: request.pathname,
    body,
  }
  return exclusive(sandbox, () =>
    idempotent(sandbox, replay, () => create(client.id, parseInput(schema, body, 'request body'))),
  )
}
