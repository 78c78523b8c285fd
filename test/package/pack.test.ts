import { execFile, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const root = resolve(import.meta.dirname, '../..')
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
let project: string

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

beforeAll(async () => {
  if (!existsSync(join(root, 'dist/src/index.js'))) await run(npm, ['run', 'build'], { cwd: root })
  project = await mkdtemp(join(tmpdir(), 'sandbox-consumer-'))
  const { stdout } = await run(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', project], {
    cwd: root,
  })
  const [{ filename }] = JSON.parse(stdout) as [{ filename: string }]
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }))
  await run(
    npm,
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--ignore-scripts',
      join(project, filename),
      'msw@3.0.5',
    ],
    { cwd: project },
  )
}, 240_000)

describe('the published package', () => {
  it('installs from its tarball and works in-process and over HTTP the way a consumer uses it', async () => {
    await writeFile(join(project, 'consumer.mjs'), CONSUMER)
    const { stdout } = await run(process.execPath, ['consumer.mjs'], { cwd: project })
    expect(JSON.parse(stdout)).toEqual({
      inProcess: [200, 'Group 1'],
      health: [200, { status: 'ok' }],
      overHttp: [200, 'Group 2'],
    })
  }, 60_000)

  it('ships type declarations for ., ./node and ./browser', async () => {
    await writeFile(join(project, 'consumer.ts'), TYPED_CONSUMER)
    await writeFile(
      join(project, 'tsconfig.json'),
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
    await run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', project], { cwd: project })
  }, 60_000)

  it('exports the test fixtures ./vitest and ./playwright with types, their runners optional peers', async () => {
    await writeFile(
      join(project, 'resolve.mjs'),
      "for (const name of ['wealth-sandbox/vitest', 'wealth-sandbox/playwright']) console.log(import.meta.resolve(name))",
    )
    const { stdout } = await run(process.execPath, ['resolve.mjs'], { cwd: project })
    const files = stdout
      .trim()
      .split('\n')
      .map((url) => fileURLToPath(url))
    expect(files.map((file) => file.slice(file.lastIndexOf('node_modules')))).toEqual([
      join('node_modules/wealth-sandbox/dist/src/vitest.js'),
      join('node_modules/wealth-sandbox/dist/src/playwright.js'),
    ])
    for (const file of files) expect(existsSync(file.replace(/\.js$/, '.d.ts')), file).toBe(true)
    const manifest = JSON.parse(await readFile(join(project, 'node_modules/wealth-sandbox/package.json'), 'utf8'))
    expect(manifest.peerDependenciesMeta).toEqual({ playwright: { optional: true }, vitest: { optional: true } })
    // Optional peers are not installed for a consumer that does not ask for them.
    expect(existsSync(join(project, 'node_modules/vitest'))).toBe(false)
  }, 60_000)

  it('installs a working wealth-sandbox command', async () => {
    const child = spawn(
      process.execPath,
      [join(project, 'node_modules/wealth-sandbox/dist/src/server/cli.js'), '--port', '0'],
      {
        cwd: project,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
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
