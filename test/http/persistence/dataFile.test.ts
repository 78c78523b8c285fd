import type { ChildProcess } from 'node:child_process'
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startServer } from '../../../src/server/startServer.js'
import { control, createGroup, groupNames } from '../../support/controlCalls.js'
import { startCli } from '../../support/startCli.js'

function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGKILL')
  })
}

describe('--data-file (docs/persistence.md)', () => {
  it('survives kill -9 right after the answers: every acknowledged change is there after a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-crash-'))
    const dataFile = join(dir, 'state.json')
    const first = await startCli(['--port', '0', '--data-file', dataFile])
    for (const name of ['Crash 1', 'Crash 2', 'Crash 3']) await createGroup(first.url, name)
    await control(first.url, 'POST', 'clock/advance', { body: { by: '3d' } })
    await control(first.url, 'POST', 'scenario', {}) // a bad request changes nothing and must not break the file
    await killHard(first.child)

    const second = await startCli(['--port', '0', '--data-file', dataFile])
    expect(await groupNames(second.url)).toEqual(expect.arrayContaining(['Crash 1', 'Crash 2', 'Crash 3']))
    const { body } = await control(second.url, 'GET', 'info')
    expect(Date.parse(body.clock)).toBeGreaterThanOrEqual(Date.parse('2025-01-18T09:00:00Z'))
  })

  it('keeps a scenario loaded at run time across a crash', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-crash-'))
    const dataFile = join(dir, 'state.json')
    const first = await startCli(['--port', '0', '--data-file', dataFile])
    await control(first.url, 'POST', 'scenario', { body: { name: 'empty', seed: 5 } })
    await createGroup(first.url, 'In empty')
    await killHard(first.child)
    const second = await startCli(['--port', '0', '--data-file', dataFile])
    expect((await control(second.url, 'GET', 'info')).body).toMatchObject({ scenario: 'empty', seed: 5 })
    expect(await groupNames(second.url)).toEqual(['In empty'])
    // Reset goes back to the loaded scenario, not the server's.
    await control(second.url, 'POST', 'reset')
    expect(await groupNames(second.url)).toEqual([])
  })

  it('loads an earlier version\'s data file (a snapshot without "persistence") and rewrites it with the field', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-legacy-'))
    const dataFile = join(dir, 'state.json')
    const plain = await startServer({ port: 0 })
    await control(plain.url, 'POST', 'scenario', { body: { name: 'empty', seed: 2 } })
    await createGroup(plain.url, 'From before')
    // What the previous version saved: GET /__sandbox/snapshot, as it is.
    const saved = (await control(plain.url, 'GET', 'snapshot')).body
    await plain.close()
    expect(saved.persistence).toBeUndefined()
    await writeFile(dataFile, JSON.stringify(saved))

    const running = await startServer({ port: 0, dataFile })
    try {
      expect(await groupNames(running.url)).toEqual(['From before'])
      const migrated = JSON.parse(await readFile(dataFile, 'utf8'))
      expect(migrated).toMatchObject({
        ...saved,
        clock: expect.any(String),
        persistence: { format: 'wealth-sandbox/persistence@1', sandbox: 'default', log: 2 },
      })
    } finally {
      await running.close()
    }
  })

  it('names --data-file in a refusal, and refuses it together with --data-dir', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-refuse-'))
    const dataFile = join(dir, 'state.json')
    await writeFile(dataFile, '{"format":"wealth-sandbox/state@7"}')
    await expect(startServer({ port: 0, dataFile })).rejects.toThrow(
      /^--data-file .*state\.json: refusing to load it and refusing to overwrite it: written by a newer version/,
    )
    await expect(startServer({ port: 0, dataFile, dataDir: dir })).rejects.toThrow(
      /--data-dir and --data-file: give one/,
    )
    expect(await readdir(dir)).toEqual(['state.json'])
  })
})
