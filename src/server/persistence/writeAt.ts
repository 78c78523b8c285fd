import type { FileHandle } from 'node:fs/promises'

/** Writes all of `bytes` at `position`, however many writes that takes (a write may take fewer bytes than given). */
export async function writeAt(handle: FileHandle, bytes: Uint8Array, position: number): Promise<void> {
  for (let at = 0; at < bytes.length; )
    at += (await handle.write(bytes, at, bytes.length - at, position + at)).bytesWritten
}
