import type { Operation } from '../../contract/types.js'
import type { EngineRequest } from '../../engine/EngineRequest.js'
import type { HttpMethod, Route } from '../../engine/Provider.js'
import type { UpvestScope } from '../../store/schemas.js'
import { type Gate, gatekeep } from '../auth/gatekeep.js'
import { secured } from '../openapi/openApiParts.js'
import { type Reply, reply } from '../protocol/reply.js'
import type { UpvestContext } from '../UpvestContext.js'

export interface UpvestCall {
  request: EngineRequest
  params: Readonly<Record<string, string>>
  ctx: UpvestContext
}

interface Spec<G> {
  method: HttpMethod
  path: string
  handle(call: UpvestCall & G): Reply | Promise<Reply>
}

/**
 * An Upvest operation behind the gatekeeping chain (docs/upvest.md#s2), which runs in its documented
 * order before the handler: any one of `scopes` lets the caller in, and its OpenAPI operation says so.
 */
export function gatedRoute(
  spec: Spec<{ gate: Gate }> & { scopes: readonly UpvestScope[]; operation: Omit<Operation, 'security'> },
): Route<UpvestContext> {
  return {
    method: spec.method,
    path: spec.path,
    operation: secured(spec.scopes, spec.operation),
    scopes: spec.scopes,
    handle: (call) =>
      reply(call.request, async () =>
        spec.handle({ ...call, gate: await gatekeep(call.ctx, call.request, spec.scopes) }),
      ),
  }
}

/** An operation outside the gatekeeping chain (the token endpoint, the verification keys, the sandbox's own). */
export function openRoute(spec: Spec<object> & { operation: Operation }): Route<UpvestContext> {
  return {
    method: spec.method,
    path: spec.path,
    operation: spec.operation,
    handle: (call) => reply(call.request, () => spec.handle(call)),
  }
}
