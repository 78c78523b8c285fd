import { open } from 'node:fs/promises'

/**
 * Flushes a directory's entries, so that a file just created or renamed in it survives a power cut, not
 * only a crash of the process. Some platforms cannot open a directory (Windows): there it is a no-op.
 */
export async function syncDirectory(path: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined
  try {
    handle = await open(path, 'r')
    await handle.sync()
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EBADF') throw error
  } finally {
    await handle?.close()
  }
}
