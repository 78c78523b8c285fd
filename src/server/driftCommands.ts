import { writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { type Command, InvalidArgumentError, Option } from 'commander'
import type { VerifySide } from '../drift/verifyConversation.js'
import { parseDuration } from '../sandbox/time/parseDuration.js'
import { startServer } from './startServer.js'

/** The server's options (`wealth-sandbox --help`), which the subcommands share. */
interface ServerOptions {
  port: number
  host: string
  scenario: string
  seed?: number
  journalSize: number
  maxSandboxes: number
  controlToken?: string
}

interface UpstreamOptions {
  upvestUpstream?: string
  addeparUpstream?: string
  upstreamTimeout: number
}

function baseUrl(value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new InvalidArgumentError('an http or https URL, such as https://sandbox.upvest.co')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidArgumentError('an http or https URL')
  return url.href.replace(/\/+$/, '')
}

function duration(value: string): number {
  try {
    return parseDuration(/^\d+$/.test(value) ? Number(value) : value)
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message)
  }
}

/** The options both subcommands take: where the real providers are, and how long they may take. */
function withUpstreams(command: Command): Command {
  return command
    .addOption(
      new Option('--upvest-upstream <url>', 'the real Upvest API, e.g. https://sandbox.upvest.co')
        .env('UPVEST_UPSTREAM')
        .argParser(baseUrl),
    )
    .addOption(
      new Option('--addepar-upstream <url>', 'the real Addepar API, e.g. https://<firm>.addepar.com/api')
        .env('ADDEPAR_UPSTREAM')
        .argParser(baseUrl),
    )
    .addOption(
      new Option('--upstream-timeout <duration>', 'how long an upstream may take to answer, e.g. 30s')
        .env('UPSTREAM_TIMEOUT')
        .default(30_000, '30s')
        .argParser(duration),
    )
}

function fail(message: string, code = 2): never {
  console.error(`wealth-sandbox: ${message}`)
  process.exit(code)
}

/**
 * `wealth-sandbox proxy` and `wealth-sandbox verify` (docs/drift.md): the drift guard. Credentials of the real
 * providers come from the environment only (`upstreamCredentials`) and are never printed. Their modules
 * (ajv, the recorder's faker) load when one of them runs, not on every start of the server.
 */
export function driftCommands(program: Command): void {
  withUpstreams(
    program
      .command('proxy')
      .description(
        'pass the APIs’ requests to the real providers and check every answer against the sandbox’s documents',
      ),
  )
    .addOption(
      new Option('--record <file>', 'write what comes back as a scenario file (personal data faked)').env(
        'RECORD_SCENARIO',
      ),
    )
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ServerOptions & UpstreamOptions & { record?: string }>()
      if (!options.upvestUpstream && !options.addeparUpstream)
        fail('proxy: give --upvest-upstream or --addepar-upstream')
      const [{ DriftProxy }, { ScenarioRecorder }, { upstreamCredentials }] = await Promise.all([
        import('../drift/DriftProxy.js'),
        import('../drift/ScenarioRecorder.js'),
        import('../drift/upstreamCredentials.js'),
      ])
      const recorder = options.record ? new ScenarioRecorder(resolve(options.record), options.seed ?? 1) : undefined
      const proxy = new DriftProxy({
        upstreams: { upvest: options.upvestUpstream, addepar: options.addeparUpstream },
        credentials: upstreamCredentials.parse(process.env),
        timeoutMs: options.upstreamTimeout,
        ...(recorder ? { recorder } : {}),
      })
      try {
        const running = await startServer({ ...options, clock: 'real', proxy })
        const stop = () => void running.close().finally(() => process.exit(0))
        process.on('SIGINT', stop)
        process.on('SIGTERM', stop)
        const to = (upstream: string | undefined) => upstream ?? '(none: 502)'
        console.log(
          [
            `wealth-sandbox proxy ready: the APIs answer from the real providers, each answer checked`,
            `  Upvest   ${running.url}/            -> ${to(options.upvestUpstream)}`,
            `  Addepar  ${running.url}/api/v1/     -> ${to(options.addeparUpstream)}/v1/`,
            `  Drift    ${running.url}/__sandbox/drift, the journal at /__sandbox/requests`,
            `  Inspector ${running.url}/__sandbox/`,
            ...(recorder ? [`  Recording ${recorder.file}`] : []),
          ].join('\n'),
        )
      } catch (error) {
        fail((error as Error).message, 1)
      }
    })

  withUpstreams(
    program
      .command('verify')
      .description(
        'run a scripted conversation against the real providers and a local sandbox, compare statuses and shapes; exit 1 on drift',
      ),
  )
    .addOption(
      new Option('--report <file>', 'where to write the JSON report').env('VERIFY_REPORT').default('drift-report.json'),
    )
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ServerOptions & UpstreamOptions & { report: string }>()
      if (!options.upvestUpstream && !options.addeparUpstream)
        fail('verify: give --upvest-upstream or --addepar-upstream')
      const [{ formatVerifyReport }, { runVerify }, { upstreamCredentials }] = await Promise.all([
        import('../drift/formatVerifyReport.js'),
        import('../drift/runVerify.js'),
        import('../drift/upstreamCredentials.js'),
      ])
      const credentials = upstreamCredentials.parse(process.env)
      const upstream: VerifySide = {}
      if (options.upvestUpstream) {
        if (!credentials.upvest) fail('verify: --upvest-upstream needs UPVEST_CLIENT_ID and UPVEST_CLIENT_SECRET')
        upstream.upvest = { base: options.upvestUpstream, ...credentials.upvest }
      }
      if (options.addeparUpstream) {
        if (!credentials.addepar) {
          fail('verify: --addepar-upstream needs ADDEPAR_API_KEY, ADDEPAR_API_SECRET and ADDEPAR_FIRM')
        }
        upstream.addepar = { base: options.addeparUpstream, ...credentials.addepar }
      }
      let running: Awaited<ReturnType<typeof startServer>> | undefined
      try {
        running = await startServer({ port: 0, host: '127.0.0.1', scenario: options.scenario, seed: options.seed })
        const info = running.sandbox.info()
        const client = info.upvest.clients.find((each) => each.scopes.includes('accounts:admin'))
        const firm = info.addepar.firms[0]
        const admin = firm?.users.find((user) => user.permissions.manage_groups === true)
        if (!client || !firm || !admin) fail(`verify: scenario "${info.scenario}" lacks an admin client or user`)
        const report = await runVerify({
          upstream,
          sandbox: {
            upvest: {
              base: running.url,
              clientId: client.client_id,
              clientSecret: client.client_secret,
              scopes: upstream.upvest?.scopes ?? 'users:read accounts:read accounts:admin',
            },
            addepar: { base: `${running.url}/api`, key: admin.api_key, secret: admin.api_secret, firm: firm.firm_id },
          },
          timeoutMs: options.upstreamTimeout,
        })
        await writeFile(options.report, `${JSON.stringify(report, null, 2)}\n`)
        console.log(formatVerifyReport(report))
        console.log(`report: ${resolve(options.report)}`)
        process.exitCode = report.drift > 0 || report.errors > 0 ? 1 : 0
      } catch (error) {
        fail((error as Error).message)
      } finally {
        await running?.close()
      }
    })
}
