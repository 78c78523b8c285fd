import type { ChildProcess } from 'node:child_process'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startCli } from '../../support/startCli.js'

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)))
}

describe('the CLI (npm start)', () => {
  it('prints the URLs and the credentials, serves health, and saves and reloads --data-file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-cli-'))
    const dataFile = join(dir, 'state.json')
    const first = await startCli(['--port', '0', '--data-file', dataFile])
    expect(first.output()).toContain('client_id 2f5a3c1e-8b4d-4e6f-9a7b-1c2d3e4f5a6b  secret sandbox-secret-acme-full')
    expect(first.output()).toContain('basic sandbox-admin-key:sandbox-admin-secret')
    expect(first.output()).toContain('bearer sandbox-token-groups-read  scopes GROUPS')
    expect(await (await fetch(`${first.url}/__sandbox/health`)).json()).toEqual({ status: 'ok' })
    await fetch(`${first.url}/__sandbox/clock/advance`, { method: 'POST', body: JSON.stringify({ by: '30d' }) })
    const stopped = exited(first.child)
    first.child.kill('SIGTERM')
    expect(await stopped).toBe(0)
    const saved = JSON.parse(await readFile(dataFile, 'utf8'))
    expect(saved).toMatchObject({ format: 'wealth-sandbox/state@1', scenario: 'default', seed: 1 })

    const second = await startCli(['--port', '0', '--data-file', dataFile])
    const info = await (await fetch(`${second.url}/__sandbox/info`)).json()
    expect(Date.parse(info.clock)).toBeGreaterThanOrEqual(Date.parse('2025-02-14T09:00:00Z'))
  })

  it('refuses a corrupt data file rather than replacing it, and a bad scenario file, naming them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-cli-'))
    const dataFile = join(dir, 'state.json')
    await writeFile(dataFile, '{"format":"nope"}')
    await expect(startCli(['--port', '0', '--data-file', dataFile])).rejects.toThrow(
      /--data-file .*state\.json: refusing to load it/,
    )
    expect(await readFile(dataFile, 'utf8')).toBe('{"format":"nope"}')
    const scenario = join(dir, 'scenario.json')
    await writeFile(scenario, JSON.stringify({ name: 'x', seed: 'one' }))
    await expect(startCli(['--port', '0', '--scenario', scenario])).rejects.toThrow(
      /scenario\.json: invalid scenario\n {2}at seed:/,
    )
    await expect(startCli(['--port', '0', '--port', 'many'])).rejects.toThrow(/port must be an integer/)
  })

  it('requires the control token from --control-token or CONTROL_TOKEN, and prints the inspector URL with it', async () => {
    const { url, output } = await startCli(['--port', '0'], { ...process.env, CONTROL_TOKEN: 'from-env' })
    expect(output()).toContain(`${url}/__sandbox/#token=from-env`)
    expect((await fetch(`${url}/__sandbox/info`)).status).toBe(401)
    const info = await fetch(`${url}/__sandbox/info`, { headers: { authorization: 'Bearer from-env' } })
    expect(info.status).toBe(200)
    expect((await fetch(`${url}/__sandbox/health`)).status).toBe(200)
    const flagged = await startCli(['--port', '0', '--control-token', 'from-flag'])
    expect(
      (await fetch(`${flagged.url}/__sandbox/info`, { headers: { authorization: 'Bearer from-flag' } })).status,
    ).toBe(200)
  })

  it('starts with a named scenario and seed from the environment', async () => {
    const { output } = await startCli([], { ...process.env, PORT: '0', SCENARIO: 'empty', SEED: '7' })
    expect(output()).toContain('scenario "empty", seed 7')
  })
})
