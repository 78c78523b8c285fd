import { createHash } from 'node:crypto'
import { mkdtemp, open, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { createSandbox, type Sandbox } from '../../../src/index.js'
import { decodeFrames } from '../../../src/server/persistence/decodeFrames.js'
import { encodeFrame } from '../../../src/server/persistence/encodeFrame.js'
import { SandboxLog } from '../../../src/server/persistence/SandboxLog.js'
import { startServer } from '../../../src/server/startServer.js'
import { Table } from '../../../src/store/Table.js'
import { startCli } from '../../support/startCli.js'

const group = (id: string, name: string) => ({
  id,
  firm_id: '123',
  name,
  group_type: 'GROUPS',
  members: [],
  child_groups: [],
  created_at: '2025-01-15T09:00:00Z',
  modified_at: '2025-01-15T09:00:00Z',
})

/** A sandbox kept in `dir` as sandbox `id`, and what its log warned about while loading. */
async function openIn(dir: string, id = 'default'): Promise<{ sandbox: Sandbox; log: SandboxLog; warnings: string[] }> {
  const sandbox = await createSandbox({ clock: 'frozen' })
  const warnings: string[] = []
  const log = await SandboxLog.open(sandbox, id, join(dir, `${id}.json`), { warn: (m) => warnings.push(m) })
  return { sandbox, log, warnings }
}

/**
 * Writes groups and leaves the files as a crash would (the log is never closed): the log, and where its frames
 * end and the zeros written ahead of them begin.
 */
async function crashAfterWriting(dir: string, names: string[]): Promise<{ file: string; end: number }> {
  const { sandbox, log } = await openIn(dir)
  for (const [i, name] of names.entries()) await sandbox.store.addeparGroups.insert(group(String(9000 + i), name))
  await log.persisted()
  const logs = (await readdir(dir)).filter((name) => name.endsWith('.log'))
  expect(logs).toEqual(['default.json.1.log'])
  const file = join(dir, 'default.json.1.log')
  const bytes = await readFile(file)
  const { end } = decodeFrames(bytes)
  expect(bytes.length).toBeGreaterThan(end)
  expect(bytes.subarray(end).every((byte) => byte === 0)).toBe(true)
  return { file, end }
}

/** Writes `bytes` into `file` at `position`, as a write the process did not finish leaves them. */
async function writeInto(file: string, bytes: Uint8Array, position: number): Promise<void> {
  const handle = await open(file, 'r+')
  try {
    await handle.write(bytes, 0, bytes.length, position)
  } finally {
    await handle.close()
  }
}

describe('frames (docs/persistence.md#log)', () => {
  it('reads complete frames and stops at one cut short or failing its checksum', () => {
    const frames = Buffer.concat([encodeFrame('["a"]'), encodeFrame('["bé"]')])
    expect(decodeFrames(frames)).toEqual({ payloads: ['["a"]', '["bé"]'], end: frames.length, torn: false })
    const next = encodeFrame('["c"]')
    for (let cut = 1; cut < next.length; cut++) {
      const torn = Buffer.concat([frames, next.subarray(0, cut)])
      expect(decodeFrames(torn)).toEqual({ payloads: ['["a"]', '["bé"]'], end: frames.length, torn: true })
    }
    const flipped = Buffer.concat([frames, next])
    flipped.writeUInt8(flipped.readUInt8(flipped.length - 2) ^ 1, flipped.length - 2)
    expect(decodeFrames(flipped)).toMatchObject({ end: frames.length, torn: true })
  })

  it('stops at the zeros a log is made longer with: its end, not a torn tail, unless anything else follows', () => {
    const frames = Buffer.concat([encodeFrame('["a"]'), encodeFrame('["b"]')])
    const ahead = Buffer.concat([frames, Buffer.alloc(4096)])
    expect(decodeFrames(ahead)).toEqual({ payloads: ['["a"]', '["b"]'], end: frames.length, torn: false })
    // A write that landed in part: its header still zeros, some of its payload there.
    const partly = Buffer.from(ahead)
    partly.write('["c"]', frames.length + 8)
    expect(decodeFrames(partly)).toEqual({ payloads: ['["a"]', '["b"]'], end: frames.length, torn: true })
  })
})

describe('the zeros written ahead of a log (docs/persistence.md#log)', () => {
  it('are where a crashed log ends, without a warning, however many times the log was made longer', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-ahead-'))
    // Some 170 KB of frames: past the first 64 KiB of zeros and the 128 KiB after them.
    const names = Array.from({ length: 600 }, (_, i) => `Group ${i} ${'x'.repeat(200)}`)
    const { file, end } = await crashAfterWriting(dir, names)
    expect(end).toBeGreaterThan(192 * 1024)
    // Each step doubles the file, so the zeros ahead are at most as long as the frames, plus the first step.
    expect((await readFile(file)).length).toBeLessThanOrEqual(2 * end + 64 * 1024)

    const { sandbox, warnings } = await openIn(dir)
    expect(warnings).toEqual([])
    for (const [i, name] of names.entries()) expect(sandbox.store.addeparGroups.get(String(9000 + i))?.name).toBe(name)
  })
})

describe('a torn tail (docs/persistence.md#torn-tail)', () => {
  for (const [what, tail] of [
    [
      'a frame cut short',
      encodeFrame(JSON.stringify([{ op: 'delete', table: 'addeparGroups', id: '9000' }])).subarray(0, 20),
    ],
    ['a frame failing its checksum', Buffer.from([5, 0, 0, 0, 1, 2, 3, 4, 0x5b, 0x5d, 0x5b, 0x5d, 0x5d])],
  ] as const) {
    it(`is ignored with a warning naming the file and the offset: ${what}`, async () => {
      const dir = await mkdtemp(join(tmpdir(), 'sandbox-torn-'))
      const { file, end: offset } = await crashAfterWriting(dir, ['Kept 1', 'Kept 2'])
      await writeInto(file, tail, offset)

      const { sandbox, log, warnings } = await openIn(dir)
      expect(sandbox.store.addeparGroups.get('9000')?.name).toBe('Kept 1')
      expect(sandbox.store.addeparGroups.get('9001')?.name).toBe('Kept 2')
      expect(warnings).toEqual([expect.stringContaining(`${file}: ignoring a torn tail at offset ${offset} (`)])
      // New changes go to a generation of their own, never after the torn bytes; a compaction then drops them.
      await sandbox.store.addeparGroups.insert(group('9100', 'After'))
      await log.persisted()
      await log.close()
      expect((await readdir(dir)).sort()).toEqual(['default.json'])

      const again = await openIn(dir)
      expect(again.warnings).toEqual([])
      expect(again.sandbox.exportState()).toEqual(sandbox.exportState())
    })
  }
})

describe('a log holding only its header', () => {
  it('(a crash right after it was created) starts from the seeded scenario', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-header-'))
    const header = { format: 'wealth-sandbox/log@1', sandbox: 'default', generation: 1 }
    await writeFile(join(dir, 'default.json.1.log'), encodeFrame(JSON.stringify(header)))
    const running = await startServer({ port: 0, dataDir: dir })
    try {
      expect(running.sandbox.store.addeparGroups.get('5')?.name).toBe('Group 1')
    } finally {
      await running.close()
    }
    const again = await openIn(dir)
    expect(again.sandbox.store.addeparGroups.get('5')?.name).toBe('Group 1')
  })
})

describe('the snapshot checksum (docs/persistence.md#checksum)', () => {
  const TAIL = /,"checksum":"sha256:([0-9a-f]{64})"}\n$/

  /** A snapshot written by a clean stop, holding one group of ours, and the state it holds. */
  async function written(): Promise<{ dir: string; file: string; state: unknown }> {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-checksum-'))
    const { sandbox, log } = await openIn(dir)
    await sandbox.store.addeparGroups.insert(group('9000', 'Kept'))
    await log.close()
    return { dir, file: join(dir, 'default.json'), state: sandbox.exportState() }
  }

  /** Opens the sandbox kept in `dir` again, counting the records zod validates while its files load. */
  async function reopen(dir: string) {
    const sandbox = await createSandbox({ clock: 'frozen' })
    const parseMany = vi.spyOn(Table.prototype, 'parseMany')
    try {
      const log = await SandboxLog.open(sandbox, 'default', join(dir, 'default.json'))
      const validated = parseMany.mock.calls.reduce((sum, [records]) => sum + records.length, 0)
      await log.close({ compact: false })
      return { sandbox, validated }
    } finally {
      parseMany.mockRestore()
    }
  }

  it('ends the snapshot a clean stop writes, and a restart takes its records without validating them again', async () => {
    const { dir, file, state } = await written()
    expect(await readFile(file, 'utf8')).toMatch(TAIL)
    const { sandbox, validated } = await reopen(dir)
    expect(validated).toBe(0)
    expect(sandbox.exportState()).toEqual(state)
    expect(sandbox.store.addeparGroups.get('9000')?.name).toBe('Kept')
  })

  it('no longer matches a file edited by hand, which is then validated record by record: a good edit loads', async () => {
    const { dir, file, state } = await written()
    const text = await readFile(file, 'utf8')
    await writeFile(file, text.replace('"name":"Kept"', '"name":"Edited"'))
    const { sandbox, validated } = await reopen(dir)
    const records = Object.values((state as { store: { tables: Record<string, unknown[]> } }).store.tables).flat()
    expect(validated).toBe(records.length)
    expect(sandbox.store.addeparGroups.get('9000')?.name).toBe('Edited')
  })

  it('refuses a hand edit that breaks a record, naming it, checksum or not', async () => {
    const { dir, file } = await written()
    const text = await readFile(file, 'utf8')
    await writeFile(file, text.replace('"name":"Kept"', '"name":42'))
    await expect(openIn(dir)).rejects.toThrow(
      /default\.json: refusing to load it and refusing to overwrite it: .*store\.tables\.addeparGroups\[\d+\]\.name/,
    )
    expect(await readFile(file, 'utf8')).toBe(text.replace('"name":"Kept"', '"name":42'))
  })

  it('is salted with the version that wrote the file: one written by another version is validated', async () => {
    const { dir, file, state } = await written()
    const body = (await readFile(file, 'utf8')).replace(TAIL, '')
    const other = createHash('sha256').update('0.0.0-another\n').update(body).digest('hex')
    await writeFile(file, `${body},"checksum":"sha256:${other}"}\n`)
    const { sandbox, validated } = await reopen(dir)
    expect(validated).toBeGreaterThan(0)
    expect(sandbox.exportState()).toEqual(state)
  })
})

describe('files of another format (docs/persistence.md#versions)', () => {
  const state = (extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      format: 'wealth-sandbox/state@1',
      scenario: 'default',
      seed: 1,
      clock: '2025-01-15T09:00:00Z',
      store: { format: 'wealth-sandbox/store@1', meta: { counters: {} }, tables: {} },
      ...extra,
    })
  const persistence = (extra: Record<string, unknown> = {}) => ({
    persistence: { format: 'wealth-sandbox/persistence@1', sandbox: 'default', log: 1, ...extra },
  })
  const log = (header: Record<string, unknown>) =>
    encodeFrame(JSON.stringify({ format: 'wealth-sandbox/log@1', sandbox: 'default', generation: 1, ...header }))
  const cases: [string, Record<string, string | Buffer>, RegExp][] = [
    [
      'a newer state format',
      { 'default.json': state({ format: 'wealth-sandbox/state@2' }) },
      /default\.json: .*written by a newer version of wealth-sandbox \(wealth-sandbox\/state@2; this one reads wealth-sandbox\/state@1\)/,
    ],
    [
      'a newer persistence format',
      { 'default.json': state(persistence({ format: 'wealth-sandbox/persistence@2' })) },
      /written by a newer version .*persistence@2/,
    ],
    [
      'a foreign JSON file',
      { 'default.json': '{"name":"my-app","version":"1.0.0"}' },
      /not a wealth-sandbox state file/,
    ],
    ['a file that is not JSON', { 'default.json': '{"format":"wealth-sandbox/state@1","scen' }, /not valid JSON/],
    [
      "another sandbox's snapshot",
      { 'default.json': state(persistence({ sandbox: 'team-a' })) },
      /belongs to sandbox "team-a", not "default"/,
    ],
    [
      'a snapshot with a bad record',
      {
        'default.json': state({
          store: { format: 'wealth-sandbox/store@1', meta: { counters: {} }, tables: { addeparGroups: [{ id: 'x' }] } },
        }),
      },
      /default\.json: .*at store\.tables\.addeparGroups\[0\]\.id/,
    ],
    [
      'a newer log format',
      { 'default.json.1.log': log({ format: 'wealth-sandbox/log@3' }) },
      /default\.json\.1\.log: .*newer version .*log@3/,
    ],
    [
      'a foreign log',
      { 'default.json.1.log': 'hello, world\n' },
      /default\.json\.1\.log: .*not a wealth-sandbox change log/,
    ],
    ["another sandbox's log", { 'default.json.1.log': log({ sandbox: 'team-a' }) }, /belongs to sandbox "team-a"/],
    [
      "logs beside an earlier version's data file",
      { 'default.json': state(), 'default.json.1.log': log({}) },
      /no "persistence" field .* yet default\.json\.1\.log lies beside it/,
    ],
    [
      'a gap between log generations',
      {
        'default.json': state(persistence()),
        'default.json.1.log': log({}),
        'default.json.3.log': log({ generation: 3 }),
      },
      /log generation 2 is missing/,
    ],
  ]
  for (const [what, files, message] of cases) {
    it(`refuses ${what}, clearly, and writes nothing`, async () => {
      const dir = await mkdtemp(join(tmpdir(), 'sandbox-refuse-'))
      for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content)
      const failure = await startServer({ port: 0, dataDir: dir }).then(
        async (running) => {
          await running.close()
          return new Error('started')
        },
        (error: Error) => error,
      )
      expect(failure.message).toMatch(/^--data-dir .*: refusing to load it and refusing to overwrite it: /)
      expect(failure.message).toMatch(message)
      expect((await readdir(dir)).sort()).toEqual(Object.keys(files).sort())
      for (const [name, content] of Object.entries(files)) {
        expect(await readFile(join(dir, name))).toEqual(Buffer.from(content))
      }
    })
  }

  it('makes the CLI exit non-zero with the message', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-refuse-'))
    await writeFile(join(dir, 'default.json'), state({ format: 'wealth-sandbox/state@2' }))
    await expect(startCli(['--port', '0', '--data-dir', dir])).rejects.toThrow(
      /cli exited with 1: wealth-sandbox: --data-dir .*default\.json: refusing to load it and refusing to overwrite it: written by a newer version/,
    )
  })
})
