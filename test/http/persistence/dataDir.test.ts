import { mkdtemp, readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { sandboxFileName } from '../../../src/server/persistence/sandboxFileName.js'
import { startServer } from '../../../src/server/startServer.js'
import { control, createGroup, groupNames } from '../../support/controlCalls.js'

describe('--data-dir (docs/persistence.md#data-dir)', () => {
  it('keeps every sandbox id apart across a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-dir-'))
    const first = await startServer({ port: 0, dataDir: dir })
    await createGroup(first.url, 'Default only')
    await createGroup(first.url, 'Team A only', 'team-a')
    await control(first.url, 'POST', 'scenario', { id: 'team-b', body: { name: 'empty', seed: 3 } })
    await createGroup(first.url, 'Team B only', 'team-b')
    await first.close()
    expect((await readdir(dir)).sort()).toEqual(['default.json', 'team-a.json', 'team-b.json'])

    const second = await startServer({ port: 0, dataDir: dir })
    try {
      expect(await groupNames(second.url)).toContain('Default only')
      expect(await groupNames(second.url)).not.toContain('Team A only')
      expect(await groupNames(second.url, 'team-a')).toContain('Team A only')
      expect(await groupNames(second.url, 'team-a')).not.toContain('Default only')
      expect(await groupNames(second.url, 'team-b')).toEqual(['Team B only'])
      expect((await control(second.url, 'GET', 'info', { id: 'team-b' })).body).toMatchObject({
        scenario: 'empty',
        seed: 3,
      })
      // An id never used before starts from the server's scenario, and only then gets files.
      expect(await groupNames(second.url, 'team-c')).not.toContain('Team A only')
    } finally {
      await second.close()
    }
  })

  it('gives every id a safe file name of its own', async () => {
    const ids = ['A', 'a', '../../etc/passwd', 'team a', 'x'.repeat(300), 'ünïcode']
    const names = ids.map(sandboxFileName)
    expect(new Set(names.map((name) => name.toLowerCase())).size).toBe(ids.length)
    for (const name of names) expect(name).toMatch(/^[a-z0-9_~-]{1,70}\.json$/)
    expect(sandboxFileName('a')).toBe('a.json')

    const dir = await mkdtemp(join(tmpdir(), 'sandbox-dir-'))
    const running = await startServer({ port: 0, dataDir: dir })
    try {
      await createGroup(running.url, 'Upper', 'A')
      await createGroup(running.url, 'Lower', 'a')
      await createGroup(running.url, 'Escaping', '../../etc/passwd')
      expect(await groupNames(running.url, 'A')).not.toContain('Lower')
    } finally {
      await running.close()
    }
    expect((await readdir(dir)).sort()).toEqual(
      [sandboxFileName('../../etc/passwd'), 'a.json', sandboxFileName('A'), 'default.json'].sort(),
    )
  })

  it('deletes the files of a dropped sandbox, and reloads an evicted one from them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-dir-'))
    const running = await startServer({ port: 0, dataDir: dir, maxSandboxes: 2 })
    try {
      await createGroup(running.url, 'Kept while evicted', 'team-a')
      await createGroup(running.url, 'Evicts team-a', 'team-b')
      expect((await control(running.url, 'GET', 'sandboxes')).body.map((s: { id: string }) => s.id)).not.toContain(
        'team-a',
      )
      expect(await groupNames(running.url, 'team-a')).toContain('Kept while evicted')

      expect((await fetch(`${running.url}/__sandbox/sandboxes/team-a`, { method: 'DELETE' })).status).toBe(204)
      expect((await readdir(dir)).filter((name) => name.startsWith('team-a.'))).toEqual([])
      expect(await groupNames(running.url, 'team-a')).not.toContain('Kept while evicted')
      // team-b is evicted by now: dropping it deletes its files all the same.
      expect((await fetch(`${running.url}/__sandbox/sandboxes/team-b`, { method: 'DELETE' })).status).toBe(204)
      expect((await readdir(dir)).filter((name) => name.startsWith('team-b.'))).toEqual([])
      expect((await fetch(`${running.url}/__sandbox/sandboxes/team-b`, { method: 'DELETE' })).status).toBe(404)
    } finally {
      await running.close()
    }
  })
})
