import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { CreateSandboxOptions, Sandbox } from '../sandbox/createSandbox.js'
import { createApp } from './createApp.js'
import { DataFileWriter } from './DataFileWriter.js'
import { loadDataFile } from './dataFile.js'
import { isScenarioPath, loadScenarioFile } from './loadScenarioFile.js'
import { DEFAULT_SANDBOX_ID, SandboxRegistry } from './SandboxRegistry.js'

export interface StartServerOptions extends Omit<CreateSandboxOptions, 'baseUrls'> {
  /** 4010 by default; 0 picks a free port. */
  port?: number
  host?: string
  /**
   * Persist the default sandbox's state here: loaded on start, saved shortly after every change and on
   * close (atomically), so it survives restarts and crashes.
   */
  dataFile?: string
  /** Sandboxes kept at once (100 by default); past it the least recently used `x-sandbox-id` one is dropped. */
  maxSandboxes?: number
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
  let writer: DataFileWriter | undefined
  if (options.dataFile) {
    await loadDataFile(sandbox, options.dataFile)
    const dataFileWriter = new DataFileWriter(sandbox, options.dataFile)
    registry.onChange((id) => {
      if (id === DEFAULT_SANDBOX_ID) dataFileWriter.changed()
    })
    writer = dataFileWriter
  }

  const server = createServer(createApp(registry))
  const host = options.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 4010, host, () => resolve())
  })
  const { port } = server.address() as AddressInfo

  // Each sandbox runs its due jobs on its own, so a slow webhook receiver of one never holds up another.
  const busy = new Set<string>()
  const timer = setInterval(async () => {
    for (const [id, each] of await registry.all()) {
      if (busy.has(id)) continue
      busy.add(id)
      each
        .runDueJobs()
        .then((ran) => ran > 0 && registry.changed(id))
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
      await writer?.close()
    },
  }
}
