import type { ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startCli } from '../support/startCli.js'
import { control, createGroup, groupNames } from './support.js'

function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGKILL')
  })
}

/** Waits until the data file holds `text` (the writer saves shortly after a change). */
async function savedWith(path: string, text: string): Promise<void> {
  const deadline = Date.now() + 5_000
  while (Date.now() < deadline) {
    if (existsSync(path) && (await readFile(path, 'utf8')).includes(text)) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`${path} never held ${text}`)
}

describe('--data-file', () => {
  it('survives kill -9: every change made before the debounce elapsed is there after a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-crash-'))
    const dataFile = join(dir, 'state.json')
    const first = await startCli(['--port', '0', '--data-file', dataFile])
    for (const name of ['Crash 1', 'Crash 2', 'Crash 3']) await createGroup(first.url, name)
    await control(first.url, 'POST', 'clock/advance', { body: { by: '3d' } })
    await control(first.url, 'POST', 'scenario', {}) // a bad request changes nothing and must not break the file
    await savedWith(dataFile, 'Crash 3')
    await new Promise((resolve) => setTimeout(resolve, 1_200)) // past the debounce of the clock advance too
    await killHard(first.child)
    expect(existsSync(`${dataFile}.tmp`)).toBe(false)

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
    await savedWith(dataFile, 'In empty')
    await killHard(first.child)
    const second = await startCli(['--port', '0', '--data-file', dataFile])
    expect((await control(second.url, 'GET', 'info')).body).toMatchObject({ scenario: 'empty', seed: 5 })
    expect(await groupNames(second.url)).toEqual(['In empty'])
    // Reset goes back to the loaded scenario, not the server's.
    await control(second.url, 'POST', 'reset')
    expect(await groupNames(second.url)).toEqual([])
  })

  it('refuses a corrupt or foreign file with a clear message and leaves it as it was', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-refuse-'))
    const cases: [string, RegExp][] = [
      ['{"format":"wealth-sandbox/state@1","scenario":"default","seed":1,"clock":"2025', /not valid JSON/],
      ['{"name":"my-app","version":"1.0.0"}', /not a wealth-sandbox state file/],
      [
        JSON.stringify({
          format: 'wealth-sandbox/state@1',
          scenario: 'default',
          seed: 1,
          clock: '2025-01-15T09:00:00Z',
          store: { format: 'wealth-sandbox/store@1', meta: { counters: {} }, tables: { addeparGroups: [{ id: 'x' }] } },
        }),
        /store\.tables\.addeparGroups\[0\]/,
      ],
    ]
    for (const [i, [text, message]] of cases.entries()) {
      const dataFile = join(dir, `state-${i}.json`)
      await writeFile(dataFile, text)
      const failure = await startCli(['--port', '0', '--data-file', dataFile]).then(
        () => new Error('started'),
        (error: Error) => error,
      )
      expect(failure.message).toMatch(/--data-file .*: refusing to load it and refusing to overwrite it/)
      expect(failure.message).toMatch(message)
      expect(await readFile(dataFile, 'utf8')).toBe(text)
    }
  })
})
