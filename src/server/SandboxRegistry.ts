import { createControlHandlers } from '../sandbox/createControlHandlers.js'
import { type CreateSandboxOptions, createSandbox, type Sandbox } from '../sandbox/createSandbox.js'
import { createUpvestControlHandlers } from '../upvest/createUpvestControlHandlers.js'
import { HandlerIndex } from './HandlerIndex.js'
import { type Api, CONTROL_ORIGIN } from './routeRequest.js'

export interface RegistryEntry {
  sandbox: Sandbox
  /** Handlers split per API and indexed, so a request is matched only against those that can answer it. */
  handlers: Record<Api, HandlerIndex>
}

export const DEFAULT_SANDBOX_ID = 'default'

/** The sandboxes of one server: the default one, plus one per `x-sandbox-id`, created on first use. */
export class SandboxRegistry {
  readonly #entries = new Map<string, Promise<RegistryEntry>>()

  constructor(private readonly options: CreateSandboxOptions) {}

  get(id: string = DEFAULT_SANDBOX_ID): Promise<RegistryEntry> {
    let entry = this.#entries.get(id)
    if (!entry) {
      entry = this.#create()
      this.#entries.set(id, entry)
      entry.catch(() => this.#entries.delete(id))
    }
    return entry
  }

  /** Every sandbox created so far. */
  async all(): Promise<Map<string, Sandbox>> {
    const out = new Map<string, Sandbox>()
    for (const [id, entry] of this.#entries) out.set(id, (await entry).sandbox)
    return out
  }

  async #create(): Promise<RegistryEntry> {
    const sandbox = await createSandbox(this.options)
    const { upvest, addepar } = sandbox.handlersByApi()
    return {
      sandbox,
      handlers: {
        control: new HandlerIndex([
          ...createControlHandlers(sandbox, { baseUrl: CONTROL_ORIGIN }),
          ...createUpvestControlHandlers(sandbox, { baseUrl: CONTROL_ORIGIN }),
        ]),
        upvest: new HandlerIndex(upvest),
        addepar: new HandlerIndex(addepar),
      },
    }
  }
}
