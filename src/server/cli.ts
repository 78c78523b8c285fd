#!/usr/bin/env node
import { Command, InvalidArgumentError, Option } from 'commander'
import type { SandboxInfo } from '../sandbox/createSandbox.js'
import { startServer } from './startServer.js'

function integer(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value)
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}`)
    return n
  }
}

function describe(url: string, info: SandboxInfo): string {
  const lines = [
    `wealth-sandbox ready: scenario "${info.scenario}", seed ${info.seed}, clock ${info.clock}`,
    `  Upvest   ${url}/            (for https://sandbox.upvest.co)`,
    `  Addepar  ${url}/api/v1/     (for https://<firm>.addepar.com/api/v1; also ${url}/v1/)`,
    `  Control  ${url}/__sandbox/health, /__sandbox/info`,
    `  Inspector ${url}/__sandbox/`,
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
  .addOption(new Option('--data-file <path>', 'persist state here across restarts').env('DATA_FILE'))
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
  .parse()

const options = program.opts<{
  port: number
  host: string
  scenario: string
  seed?: number
  dataFile?: string
  maxSandboxes: number
  journalSize: number
  verifySignatures?: boolean
}>()

try {
  const running = await startServer(options)
  console.log(describe(running.url, running.sandbox.info()))
  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`\n${signal}: shutting down${options.dataFile ? `, saving ${options.dataFile}` : ''}`)
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
} catch (error) {
  console.error(`wealth-sandbox: ${(error as Error).message}`)
  process.exit(1)
}
