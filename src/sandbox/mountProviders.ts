import { createAddeparSandbox } from '../addepar/AddeparSandbox.js'
import { addeparProvider } from '../addepar/addeparProvider.js'
import { controlProvider } from '../control/controlProvider.js'
import { type Mount, mount } from '../engine/handle.js'
import type { SandboxContext } from '../engine/SandboxContext.js'
import { scopeRoutes } from '../engine/scopeRoutes.js'
import { createUpvestContext } from '../upvest/createUpvestContext.js'
import { upvestControlRoutes } from '../upvest/routes/upvestControlRoutes.js'
import type { UpvestContext } from '../upvest/UpvestContext.js'
import { upvestProvider } from '../upvest/upvestProvider.js'
import type { ControlApi } from './control/ControlApi.js'

export type Api = 'upvest' | 'addepar' | 'control'

export interface Providers {
  mounts: Record<Api, Mount>
  /** The Upvest side's context, behind `sandbox.webhooks` and for tests of its rules. */
  upvest: UpvestContext
}

type Composed = SandboxContext & { control: ControlApi }

/**
 * The composition: which providers a sandbox serves and with what context; a new provider is one folder
 * and one line here. The control API also serves the Upvest side's sandbox-only routes (activate, lock,
 * the webhook outbox). Faults and the journal apply to the provider APIs, not to the control API.
 */
export function mountProviders(sandbox: Composed): Providers {
  const upvest = createUpvestContext(sandbox)
  const control = {
    ...controlProvider,
    routes: [
      ...scopeRoutes(controlProvider.routes, (ctx: Composed) => ctx.control),
      ...scopeRoutes(upvestControlRoutes, () => upvest),
    ],
  }
  return {
    mounts: {
      upvest: mount(upvestProvider, upvest, true),
      addepar: mount(addeparProvider, createAddeparSandbox(sandbox), true),
      control: mount(control, sandbox, false),
    },
    upvest,
  }
}
