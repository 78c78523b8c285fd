import { open, readFile, rename } from 'node:fs/promises'
import type { Sandbox } from '../sandbox/createSandbox.js'
import { STATE_FORMAT } from '../sandbox/sandboxState.js'

function refuse(path: string, reason: string): Error {
  return new Error(`--data-file ${path}: refusing to load it and refusing to overwrite it: ${reason}`)
}

/**
 * Loads saved state into the sandbox (with the scenario it was saved under, which wins over the
 * server's); a missing file is a first start, anything unreadable or foreign is refused and left alone.
 */
export async function loadDataFile(sandbox: Sandbox, path: string): Promise<boolean> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw error
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw refuse(path, `not valid JSON (${(error as Error).message})`)
  }
  if (typeof data !== 'object' || data === null || (data as { format?: unknown }).format !== STATE_FORMAT) {
    throw refuse(path, `not a wealth-sandbox state file (no "format": "${STATE_FORMAT}")`)
  }
  try {
    await sandbox.control.restore(data as never)
  } catch (error) {
    throw refuse(path, (error as Error).message)
  }
  return true
}

/**
 * Writes the sandbox's snapshot to a temporary file beside `path`, flushes it to disk and renames it
 * over `path`: a crash at any point leaves either the old file or the new one, never half of one.
 */
export async function saveDataFile(sandbox: Sandbox, path: string): Promise<void> {
  const text = JSON.stringify(await sandbox.control.snapshot())
  const temporary = `${path}.tmp`
  const handle = await open(temporary, 'w')
  try {
    await handle.writeFile(text)
    await handle.sync()
  } finally {
    await handle.close()
  }
  await rename(temporary, path)
}
