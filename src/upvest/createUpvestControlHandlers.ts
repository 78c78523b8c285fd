import type { RequestHandler } from 'msw'
import type { Sandbox } from '../sandbox/createSandbox.js'
import { http } from '../sandbox/http.js'
import type { AccountGroup } from '../store/schemas.js'
import { activateAccountGroup } from './activateAccountGroup.js'
import { exclusive } from './exclusive.js'
import { lockAccountGroup } from './lockAccountGroup.js'
import { reply } from './reply.js'

export interface UpvestControlHandlerOptions {
  /** Origin the control routes live under, e.g. `http://127.0.0.1:4010/`. */
  baseUrl: string
}

/**
 * The sandbox-only account-group routes (reference §1): `activate` (S9) and `lock` (S16). They stand in
 * for Upvest's own back office, so they take no Upvest credentials; errors are still problem+json.
 */
export function createUpvestControlHandlers(sandbox: Sandbox, options: UpvestControlHandlerOptions): RequestHandler[] {
  const route = (action: string, run: (sandbox: Sandbox, id: string) => Promise<AccountGroup>) =>
    http.post(
      new URL(`__sandbox/upvest/account_groups/:account_group_id/${action}`, options.baseUrl).href,
      ({ request, params }) =>
        reply(request, async () => ({
          status: 200,
          body: await exclusive(sandbox, () => run(sandbox, String(params.account_group_id))),
        })),
    )
  return [route('activate', activateAccountGroup), route('lock', lockAccountGroup)]
}
