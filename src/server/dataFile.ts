import { readFile, rename, writeFile } from 'node:fs/promises'
import type { Sandbox } from '../sandbox/createSandbox.js'

/** Loads saved state into the sandbox; a missing file is a first start, anything unreadable is refused. */
export async function loadDataFile(sandbox: Sandbox, path: string): Promise<boolean> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw error
  }
  try {
    await sandbox.importState(JSON.parse(text))
  } catch (error) {
    throw new Error(
      `--data-file ${path}: refusing to load it and refusing to overwrite it: ${(error as Error).message}`,
    )
  }
  return true
}

/** Writes the state next to the file and renames it over, so a crash never leaves half a file. */
export async function saveDataFile(sandbox: Sandbox, path: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`
  await writeFile(temporary, JSON.stringify(sandbox.exportState()))
  await rename(temporary, path)
}
