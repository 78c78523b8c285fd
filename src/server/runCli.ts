import type { SandboxInfo } from '../sandbox/createSandbox.js'
import { requireServerPackages } from './requireServerPackages.js'
import { startServer } from './startServer.js'
import { waitForServer } from './waitForServer.js'

// The server's packages, commander among them, are optional peer dependencies (docs/README.md#install): a
// project that lacks them is told what to install, before anything imports one.
try {
  await requireServerPackages()
} catch (error) {
  console.error(`wealth-sandbox: ${(error as Error).message}`)
  process.exit(1)
}
const { Command, InvalidArgumentError, Option } = await import('commander')

function integer(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value)
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}`)
    return n
  }
}

function describe(url: string, info: SandboxInfo, controlToken: string | undefined): string {
  const lines = [
    `wealth-sandbox ready: scenario "${info.scenario}", seed ${info.seed}, clock ${info.clock}`,
    `  Upvest   ${url}/            (for https://sandbox.upvest.co)`,
    `  Addepar  ${url}/api/v1/     (for https://<firm>.addepar.com/api/v1; also ${url}/v1/)`,
    `  Control  ${url}/__sandbox/health, /__sandbox/info${controlToken ? ' (Authorization: Bearer <control token>)' : ''}`,
    // The inspector reads the token from the URL's fragment, which a browser never sends to a server.
    `  Inspector ${url}/__sandbox/${controlToken ? `#token=${encodeURIComponent(controlToken)}` : ''}`,
    '',
    'Upvest clients (POST /auth/token, grant_type=client_credentials):',
    ...info.upvest.clients.map(
      (c) => `  client_id ${c.client_id}  secret ${c.client_secret}  scopes ${c.scopes.join(' ')}`,
    ),
    'Addepar firms (Addepar-Firm header):',
  ]
  for (const firm of info.addepar.firms) {
    lines.push(`  firm ${firm.firm_id}`)
    for (const user of firm.users) {
      lines.push(`    ${user.name}: basic ${user.api_key}:${user.api_secret}`)
      for (const token of user.tokens) lines.push(`      bearer ${token.token}  scopes ${token.scopes.join(' ')}`)
    }
  }
  return lines.join('\n')
}

const program = new Command()
  .name('wealth-sandbox')
  .description('A stateful local sandbox of the Upvest Investment API and the Addepar API')
  .addOption(
    new Option('--port <port>', 'port to listen on')
      .env('PORT')
      .default(4010)
      .argParser(integer('port', 0, 65535)),
  )
  .addOption(new Option('--host <host>', 'address to bind').env('HOST').default('127.0.0.1'))
  .addOption(
    new Option('--scenario <name|path>', 'built-in scenario name or scenario JSON file')
      .env('SCENARIO')
      .default('default'),
  )
  .addOption(
    new Option('--seed <n>', "seed for generated data (default: the scenario's)")
      .env('SEED')
      .argParser(integer('seed', 0, 2 ** 31 - 1)),
  )
  .addOption(new Option('--data-file <path>', "keep the default sandbox's state in this file").env('DATA_FILE'))
  .addOption(new Option('--data-dir <dir>', "keep every sandbox id's state in this directory").env('DATA_DIR'))
  .addOption(
    new Option('--compact-after <bytes>', 'compact a change log once it holds this many bytes')
      .env('COMPACT_AFTER')
      .default(16 * 1024 * 1024)
      .argParser(integer('compact-after', 1, 2 ** 40)),
  )
  .addOption(
    new Option('--max-sandboxes <n>', 'sandboxes kept at once; the least recently used x-sandbox-id one goes first')
      .env('MAX_SANDBOXES')
      .default(100)
      .argParser(integer('max-sandboxes', 1, 100_000)),
  )
  .addOption(
    new Option('--journal-size <n>', 'requests each sandbox keeps in its journal')
      .env('JOURNAL_SIZE')
      .default(500)
      .argParser(integer('journal-size', 1, 100_000)),
  )
  .addOption(
    new Option('--verify-signatures', 'require HTTP message signatures on Upvest requests').env('VERIFY_SIGNATURES'),
  )
  .addOption(
    new Option('--control-token <token>', 'require Authorization: Bearer <token> on the control API')
      .env('CONTROL_TOKEN')
      .argParser((value) => {
        if (!/^[\x21-\x7e]+$/.test(value)) throw new InvalidArgumentError('control-token: printable, without spaces')
        return value
      }),
  )
  .addOption(
    new Option(
      '--wait-for [url]',
      'start nothing: wait until the server at url (default: --host and --port) answers GET /__sandbox/health, then exit 0; exit 1 on timeout',
    ),
  )
  .addOption(new Option('--wait-timeout <duration>', 'how long --wait-for waits, e.g. 30s or 2m').default('30s'))
  .action(serve)

// `proxy` and `verify`, the drift guard (docs/drift.md), load their modules like commander: once they are there.
const { driftCommands } = await import('./driftCommands.js')
driftCommands(program)
await program.parseAsync()

/** The default command: the local server. */
async function serve(): Promise<void> {
  const options = program.opts<{
    port: number
    host: string
    scenario: string
    seed?: number
    dataFile?: string
    dataDir?: string
    compactAfter: number
    maxSandboxes: number
    journalSize: number
    verifySignatures?: boolean
    controlToken?: string
    waitFor?: string | true
    waitTimeout: string
  }>()

  if (options.waitFor) {
    const host = options.host.includes(':') ? `[${options.host}]` : options.host
    const url = options.waitFor === true ? `http://${host}:${options.port}` : options.waitFor
    try {
      await waitForServer(url, { timeout: options.waitTimeout })
      console.log(`wealth-sandbox: ${url} is ready`)
      process.exit(0)
    } catch (error) {
      console.error(`wealth-sandbox: ${(error as Error).message}`)
      process.exit(1)
    }
  }

  try {
    const running = await startServer({ ...options, compactAfterBytes: options.compactAfter })
    let stopping = false
    const stop = async (signal: string) => {
      if (stopping) return
      stopping = true
      const kept = options.dataFile ?? options.dataDir
      console.log(`\n${signal}: shutting down${kept ? `, compacting ${kept}` : ''}`)
      try {
        await running.close()
        process.exit(0)
      } catch (error) {
        console.error((error as Error).message)
        process.exit(1)
      }
    }
    process.on('SIGINT', () => void stop('SIGINT'))
    process.on('SIGTERM', () => void stop('SIGTERM'))
    // Only now: a supervisor that signals as soon as it reads this must find the handlers in place.
    console.log(describe(running.url, running.sandbox.info(), options.controlToken))
  } catch (error) {
    console.error(`wealth-sandbox: ${(error as Error).message}`)
    process.exit(1)
  }
}
