import { spawnSync } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addeparOpenApi } from '../../src/addepar/openapi/openapi.js'
import { OpenApiValidator } from '../../src/contract/OpenApiValidator.js'
import type { Tally } from './internal/ContractChecker.js'
import { type FileCoverage, readCoverage, recordCoverage, treeHash } from './internal/coverage.js'
import { parityReport, strictFailures } from './internal/parity.js'

// Parity is honest: results are recorded only for test files whose tests all passed, they carry the tree
// they ran against, and strict mode (what `npm test` runs) refuses stale ones and any status not produced.

const ROOT = resolve(import.meta.dirname, '../..')
let scratch: string

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'wealth-sandbox-parity-'))
})
afterAll(() => rm(scratch, { recursive: true, force: true }))

const tally = (status: number): Tally => ({
  api: 'addepar',
  operationId: 'getEntity',
  method: 'GET',
  path: '/v1/entities/{id}',
  status,
  documented: true,
  seen: 1,
  valid: 1,
})

describe('recorded results', () => {
  it('are written only for a file whose tests passed, and a failing run removes the earlier ones', async () => {
    const root = join(scratch, 'record')
    await mkdir(join(root, 'test'), { recursive: true })
    await writeFile(join(root, 'test/a.test.ts'), '1')
    await recordCoverage(root, join(root, 'test/a.test.ts'), true, [tally(200)])
    expect(await readCoverage(root)).toEqual([
      { file: 'test/a.test.ts', tree: await treeHash(root), tallies: [tally(200)] },
    ])
    await recordCoverage(root, join(root, 'test/a.test.ts'), false, [tally(200), tally(404)])
    expect(await readCoverage(root)).toEqual([])
  })

  it('carry the tree they ran against: any edit of the code or the tests changes it', async () => {
    const root = join(scratch, 'tree')
    await mkdir(join(root, 'src'), { recursive: true })
    await writeFile(join(root, 'src/rule.ts'), 'export const a = 1')
    const before = await treeHash(root)
    expect(await treeHash(root)).toBe(before)
    await writeFile(join(root, 'src/rule.ts'), 'export const a = 2')
    expect(await treeHash(root)).not.toBe(before)
    // Files beside the code and tests do not count: a benchmark's output, say.
    const edited = await treeHash(root)
    await writeFile(join(root, 'src/notes.txt'), 'x')
    expect(await treeHash(root)).toBe(edited)
  })
})

describe('strict parity', () => {
  const validator = new OpenApiValidator('addepar', addeparOpenApi())
  const everything = (tree: string): FileCoverage => ({
    file: 'test/all.test.ts',
    tree,
    tallies: validator.operations().flatMap((operation) =>
      operation.statuses.map((status) => ({
        api: 'addepar' as const,
        operationId: operation.operationId,
        method: operation.method,
        path: operation.path,
        status: Number(status),
        documented: true,
        seen: 1,
        valid: 1,
      })),
    ),
  })

  it('passes when every documented status was produced and validated by fresh results', () => {
    const fresh = everything('t1')
    expect(strictFailures(parityReport([validator], [fresh]), [])).toEqual([])
  })

  it('refuses stale results, a status not produced and an invalid one', () => {
    const fresh = everything('t1')
    expect(strictFailures(parityReport([validator], [fresh]), [{ ...fresh, tree: 't0' }])).toEqual([
      'stale results of test/all.test.ts: run it again',
    ])
    const missing = { ...fresh, tallies: fresh.tallies.slice(1) }
    expect(strictFailures(parityReport([validator], [missing]), [])).toEqual([
      '1 documented statuses were not produced',
    ])
    const invalid = { ...fresh, tallies: fresh.tallies.map((t, i) => (i === 0 ? { ...t, valid: 0 } : t)) }
    expect(strictFailures(parityReport([validator], [invalid]), [])).toEqual([
      '1 produced statuses had invalid responses',
    ])
  })

  it('runs in `npm test`, after every test passed', async () => {
    const scripts = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')).scripts
    expect(scripts.test).toMatch(/&& vitest run && npm run parity -- --strict &&/)
  })
})

describe('the setup file of the node projects', () => {
  // A project of its own in a scratch folder, run by Vitest with test/contract/setup.ts: what it records.
  it('records a file whose tests passed, and nothing of a failing test or a failing hook', async () => {
    const project = join(scratch, 'project')
    await mkdir(join(project, 'node_modules'), { recursive: true })
    await symlink(join(ROOT, 'node_modules/vitest'), join(project, 'node_modules/vitest'))
    const test = (body: string) => `import { beforeAll, expect, it } from 'vitest'\n${body}\n`
    await writeFile(join(project, 'passes.test.ts'), test("it('passes', () => expect(1).toBe(1))"))
    await writeFile(join(project, 'fails.test.ts'), test("it('fails', () => expect(1).toBe(2))"))
    await writeFile(
      join(project, 'hook.test.ts'),
      test("beforeAll(() => { throw new Error('no') })\nit('never runs', () => expect(1).toBe(1))"),
    )
    await writeFile(
      join(project, 'vitest.config.mjs'),
      `export default { test: { include: ['*.test.ts'], setupFiles: [${JSON.stringify(join(ROOT, 'test/contract/setup.ts'))}] } }\n`,
    )
    const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run'], {
      cwd: project,
      encoding: 'utf8',
      // Not this run's own workers' variables: the child is a Vitest run of its own.
      env: {
        ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST'))),
        NO_COLOR: '1',
      },
    })
    expect(run.status, run.stdout + run.stderr).toBe(1)
    expect(run.stdout).toMatch(/Tests +1 failed \| 1 passed \| 1 skipped/)
    expect((await readCoverage(project)).map((coverage) => coverage.file)).toEqual(['passes.test.ts'])
  }, 60_000)
})
