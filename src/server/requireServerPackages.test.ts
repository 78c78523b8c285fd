import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { requireServerPackages, SERVER_PACKAGES } from './requireServerPackages.js'

const manifest = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
  dependencies: Record<string, string>
  devDependencies: Record<string, string>
  peerDependencies: Record<string, string>
  peerDependenciesMeta: Record<string, { optional?: boolean }>
}

describe('the server packages', () => {
  it('are the optional peer dependencies besides the test runners, at the major versions of their ranges', () => {
    const optional = Object.keys(manifest.peerDependenciesMeta).filter(
      (name) => manifest.peerDependenciesMeta[name]?.optional && !['vitest', 'playwright'].includes(name),
    )
    expect(Object.keys(SERVER_PACKAGES).sort()).toEqual(optional.sort())
    for (const [name, major] of Object.entries(SERVER_PACKAGES)) {
      expect(manifest.peerDependencies[name], name).toMatch(new RegExp(`^\\^${major}\\.`))
      // This repository's own server and tests have them; a consumer's install does not.
      expect(manifest.devDependencies[name], name).toBe(manifest.peerDependencies[name])
      expect(manifest.dependencies[name], name).toBeUndefined()
    }
  })

  it('load where they are installed', async () => {
    await expect(requireServerPackages()).resolves.toBeUndefined()
  })
})
