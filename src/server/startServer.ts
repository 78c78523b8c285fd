import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { DriftProxy } from '../drift/DriftProxy.js'
import type { CreateSandboxOptions, Sandbox } from '../sandbox/createSandbox.js'
import { answerEarlyErrors } from './answerEarlyErrors.js'
import { createListener } from './createApp.js'
import { isScenarioPath, loadScenarioFile } from './loadScenarioFile.js'
import { SandboxRegistry, type SandboxRegistryOptions } from './SandboxRegistry.js'

export interface StartServerOptions
  extends Omit<CreateSandboxOptions, 'baseUrls'>,
    Pick<SandboxRegistryOptions, 'dataDir' | 'compactAfterBytes'> {
  /** 4010 by default; 0 picks a free port. */
  port?: number
  host?: string
  /**
   * Persist the default sandbox's state here (and in change logs beside it): loaded on start, every change
   * on disk before its response is sent, compacted on close (docs/persistence.md).
   */
  dataFile?: string
  /** Sandboxes kept at once (100 by default); past it the least recently used `x-sandbox-id` one is dropped. */
  maxSandboxes?: number
  /** Requires `Authorization: Bearer <controlToken>` on the control API (docs/security.md). */
  controlToken?: string
  /** Proxy mode: the APIs' requests go to the real providers, their answers are checked (docs/drift.md). */
  proxy?: DriftProxy
}

export interface RunningServer {
  url: string
  port: number
  host: string
  /** The default sandbox (requests without `x-sandbox-id`). */
  sandbox: Sandbox
  registry: SandboxRegistry
  server: Server
  close(): Promise<void>
}

// How often jobs due on a clock that follows real time are run (webhook retries, closures).
const TICK_MS = 100

/** Starts the local server with both APIs and the control API (docs/control-api.md#routes). */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const scenario =
    typeof options.scenario === 'string' && isScenarioPath(options.scenario)
      ? await loadScenarioFile(options.scenario)
      : options.scenario
  const registry = new SandboxRegistry({ ...options, scenario, clock: options.clock ?? 'real' })
  const { sandbox } = await registry.get()

  const host = options.host ?? '127.0.0.1'
  // Without `Host` the app answers 400 itself, in the API's format, rather than Node without a body.
  const { listener } = await createListener(registry, {
    host,
    ...(options.controlToken ? { token: options.controlToken } : {}),
    ...(options.proxy ? { proxy: options.proxy } : {}),
  })
  const server = createServer({ requireHostHeader: false }, listener)
  answerEarlyErrors(server, (api, request, status, detail) => sandbox.errorFor(api, request, status, detail))
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 4010, host, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  // The seeded records are sorted into their indexes now, one table per turn of the event loop: a request
  // arriving meanwhile waits for one table at most, and nobody pays for it on a list request later.
  const buildIndexes = () => {
    if (sandbox.store.buildNextIndexes()) setImmediate(buildIndexes)
  }
  setImmediate(buildIndexes)

  // Each sandbox runs its due jobs on its own, so a slow webhook receiver of one never holds up another.
  const busy = new Set<string>()
  const timer = setInterval(async () => {
    for (const [id, each] of await registry.all()) {
      if (busy.has(id)) continue
      busy.add(id)
      each
        .runDueJobs()
        .catch((error: unknown) => console.error(`sandbox ${id}: a scheduled job failed:`, error))
        .finally(() => busy.delete(id))
    }
  }, TICK_MS)
  timer.unref()

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    host,
    sandbox,
    registry,
    server,
    async close() {
      clearInterval(timer)
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await registry.close()
    },
  }
}
