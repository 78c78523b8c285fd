import { execFile, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { SERVER_PACKAGES } from '../../src/server/requireServerPackages.js'

const run = promisify(execFile)
const root = resolve(import.meta.dirname, '../..')
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
/** A project that uses the package in-process (and in the browser): wealth-sandbox and msw, nothing else. */
let inProcess: string
/** A project that also runs the local server: the server's optional peer dependencies installed too. */
let withServer: string

/** What `npm install wealth-sandbox` must not bring for in-process use: the server's packages and their telemetry. */
const SERVER_ONLY = [...Object.keys(SERVER_PACKAGES), 'cors', '@scarf/scarf']
const INSTALL_LINE = `npm install --save-dev ${Object.entries(SERVER_PACKAGES)
  .map(([name, major]) => `${name}@${major}`)
  .join(' ')}`

const IN_PROCESS_CONSUMER = `
import { createSandbox } from 'wealth-sandbox'
import { startServer, waitForServer } from 'wealth-sandbox/node'
import { setupServer } from 'msw/node'

const sandbox = await createSandbox({ scenario: 'default', seed: 1 })
const server = setupServer(...sandbox.handlers)
server.listen({ onUnhandledFrame: 'error' })
const headers = { authorization: 'Basic ' + btoa('sandbox-admin-key:sandbox-admin-secret'), 'addepar-firm': '123' }
const inProcess = await fetch('https://examplefirm.addepar.com/api/v1/groups/5', { headers })
server.close()
const refused = await startServer({ port: 0 }).then(() => 'started', (error) => error.message)
console.log(JSON.stringify({
  inProcess: [inProcess.status, (await inProcess.json()).data.attributes.name],
  waitForServer: typeof waitForServer,
  startServer: refused,
}))
`

const CONSUMER = `
import { createSandbox } from 'wealth-sandbox'
import { startServer } from 'wealth-sandbox/node'
import { setupServer } from 'msw/node'

const sandbox = await createSandbox({ scenario: 'default', seed: 1 })
const server = setupServer(...sandbox.handlers)
server.listen({ onUnhandledFrame: 'error' })
const headers = { authorization: 'Basic ' + btoa('sandbox-admin-key:sandbox-admin-secret'), 'addepar-firm': '123' }
const inProcess = await fetch('https://examplefirm.addepar.com/api/v1/groups/5', { headers })
server.close()

const running = await startServer({ port: 0 })
const health = await fetch(running.url + '/__sandbox/health')
const overHttp = await fetch(running.url + '/v1/groups/101', { headers })
await running.close()
console.log(JSON.stringify({
  inProcess: [inProcess.status, (await inProcess.json()).data.attributes.name],
  health: [health.status, await health.json()],
  overHttp: [overHttp.status, (await overHttp.json()).data.attributes.name],
}))
`

const TYPED_CONSUMER = `
import { createSandbox, type Sandbox, type AccountGroup } from 'wealth-sandbox'
import { startServer, type RunningServer } from 'wealth-sandbox/node'
import { startBrowserSandbox } from 'wealth-sandbox/browser'
const sandbox: Sandbox = await createSandbox({ scenario: 'empty', clock: 'frozen' })
const group: AccountGroup | undefined = undefined
const running: RunningServer = await startServer({ port: 0 })
await sandbox.clock.advance('10m')
export { group, running, startBrowserSandbox }
`

/** A new project with the tarball and `extra` installed, as `npm install` does it for a user. */
async function consumerProject(tarball: string, extra: string[]): Promise<string> {
  const project = await mkdtemp(join(tmpdir(), 'sandbox-consumer-'))
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }))
  await run(
    npm,
    ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', tarball, 'msw@3.0.5', ...extra],
    { cwd: project },
  )
  return project
}

beforeAll(async () => {
  if (!existsSync(join(root, 'dist/src/index.js'))) await run(npm, ['run', 'build'], { cwd: root })
  const packed = await mkdtemp(join(tmpdir(), 'sandbox-tarball-'))
  const { stdout } = await run(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', packed], {
    cwd: root,
  })
  const [{ filename }] = JSON.parse(stdout) as [{ filename: string }]
  const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'))
  const peers = Object.keys(SERVER_PACKAGES).map((name) => `${name}@${manifest.peerDependencies[name]}`)
  ;[inProcess, withServer] = await Promise.all([
    consumerProject(join(packed, filename), []),
    consumerProject(join(packed, filename), peers),
  ])
}, 240_000)

/** Runs the installed `wealth-sandbox` command with Node, as `npx wealth-sandbox` would. */
function cli(project: string, args: string[]) {
  return spawn(process.execPath, [join(project, 'node_modules/wealth-sandbox/dist/src/server/cli.js'), ...args], {
    cwd: project,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

describe('the published package, for in-process and browser use', () => {
  it('installs none of the server packages, nor their telemetry, and works in-process', async () => {
    for (const name of SERVER_ONLY) expect(existsSync(join(inProcess, 'node_modules', name)), name).toBe(false)
    await writeFile(join(inProcess, 'consumer.mjs'), IN_PROCESS_CONSUMER)
    const { stdout } = await run(process.execPath, ['consumer.mjs'], { cwd: inProcess })
    const result = JSON.parse(stdout)
    expect(result).toMatchObject({ inProcess: [200, 'Group 1'], waitForServer: 'function' })
    // The server is a call away: it says what to install.
    expect(result.startServer).toContain(INSTALL_LINE)
  }, 60_000)

  it('runs no wealth-sandbox command without the server packages: it names them and the line to install them', async () => {
    const child = cli(inProcess, ['--port', '0'])
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    const code = await new Promise<number | null>((resolvePromise) => child.once('exit', resolvePromise))
    expect(code).toBe(1)
    expect(stderr).toMatch(
      /^wealth-sandbox: the local server needs express, commander, swagger-ui-dist, ajv, ajv-formats/,
    )
    expect(stderr).toContain(INSTALL_LINE)
  }, 60_000)

  it('ships type declarations for ., ./node and ./browser', async () => {
    await writeFile(join(inProcess, 'consumer.ts'), TYPED_CONSUMER)
    await writeFile(
      join(inProcess, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2023',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          lib: ['ES2023', 'DOM'],
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: [],
        },
        files: ['consumer.ts'],
      }),
    )
    await run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', inProcess], { cwd: inProcess })
  }, 60_000)

  it('exports the test fixtures ./vitest and ./playwright with types, their runners optional peers', async () => {
    await writeFile(
      join(inProcess, 'resolve.mjs'),
      "for (const name of ['wealth-sandbox/vitest', 'wealth-sandbox/playwright']) console.log(import.meta.resolve(name))",
    )
    const { stdout } = await run(process.execPath, ['resolve.mjs'], { cwd: inProcess })
    const files = stdout
      .trim()
      .split('\n')
      .map((url) => fileURLToPath(url))
    expect(files.map((file) => file.slice(file.lastIndexOf('node_modules')))).toEqual([
      join('node_modules/wealth-sandbox/dist/src/vitest.js'),
      join('node_modules/wealth-sandbox/dist/src/playwright.js'),
    ])
    for (const file of files) expect(existsSync(file.replace(/\.js$/, '.d.ts')), file).toBe(true)
    const manifest = JSON.parse(await readFile(join(inProcess, 'node_modules/wealth-sandbox/package.json'), 'utf8'))
    for (const name of ['playwright', 'vitest']) expect(manifest.peerDependenciesMeta[name]).toEqual({ optional: true })
    // Optional peers are not installed for a consumer that does not ask for them.
    expect(existsSync(join(inProcess, 'node_modules/vitest'))).toBe(false)
  }, 60_000)
})

describe('the published package, with the server packages', () => {
  it('installs from its tarball and works in-process and over HTTP the way a consumer uses it', async () => {
    await writeFile(join(withServer, 'consumer.mjs'), CONSUMER)
    const { stdout } = await run(process.execPath, ['consumer.mjs'], { cwd: withServer })
    expect(JSON.parse(stdout)).toEqual({
      inProcess: [200, 'Group 1'],
      health: [200, { status: 'ok' }],
      overHttp: [200, 'Group 2'],
    })
  }, 60_000)

  it('installs a working wealth-sandbox command', async () => {
    const child = cli(withServer, ['--port', '0'])
    try {
      const url = await new Promise<string>((resolvePromise, reject) => {
        let output = ''
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString()
          const match = /Upvest\s+(http:\/\/127\.0\.0\.1:\d+)\//.exec(output)
          if (match?.[1]) resolvePromise(match[1])
        })
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${output}`)))
      })
      expect((await fetch(`${url}/__sandbox/health`)).status).toBe(200)
    } finally {
      child.kill('SIGTERM')
    }
  }, 60_000)
})
