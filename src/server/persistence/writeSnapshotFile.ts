import { open, rename } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { SandboxSnapshot } from '../../sandbox/validateSnapshot.js'
import { SnapshotChecksum } from './SnapshotChecksum.js'
import { syncDirectory } from './syncDirectory.js'
import { writeAt } from './writeAt.js'

/** What a snapshot file says about the change logs beside it (docs/persistence.md#snapshot). */
export interface PersistenceHeader {
  format: string
  /** The sandbox id the files belong to. */
  sandbox: string
  /** The first log generation that applies on top of this snapshot; older ones are covered by it. */
  log: number
}

export type PersistedSnapshot = SandboxSnapshot & { persistence: PersistenceHeader }

// Text is written in pieces of about this size, each after a turn of the event loop, so that writing
// 100 MB of `large` never holds requests up for more than a few milliseconds at a time.
const CHUNK_CHARS = 1 << 20

/**
 * Writes a snapshot as JSON (the layout of `GET /__sandbox/snapshot` plus `persistence`, and last the file's
 * `checksum`, docs/persistence.md#checksum) to `path.tmp`,
 * flushes it and renames it over `path`: a crash leaves the old snapshot or the new one, never half of one.
 * The records are serialised a piece at a time while requests go on: they are never mutated in place,
 * so the references in `snapshot` stay the state it was captured at. Resolves with the bytes written.
 */
export async function writeSnapshotFile(path: string, snapshot: PersistedSnapshot): Promise<number> {
  const temporary = `${path}.tmp`
  const handle = await open(temporary, 'w')
  const checksum = new SnapshotChecksum()
  let bytes = 0
  let pieces: string[] = []
  let chars = 0
  const push = async (text: string) => {
    pieces.push(text)
    chars += text.length
    if (chars < CHUNK_CHARS) return
    await flush()
  }
  const write = async (buffer: Buffer) => {
    await writeAt(handle, buffer, bytes)
    bytes += buffer.length
  }
  const flush = async () => {
    const buffer = Buffer.from(pieces.join(''), 'utf8')
    pieces = []
    chars = 0
    checksum.update(buffer)
    await write(buffer)
  }
  try {
    // The small fields first, so that the head of the file tells what it is; the tables last, a record a line.
    const { store, ...head } = snapshot
    const { tables, ...storeHead } = store
    await push(`${JSON.stringify(head).slice(0, -1)},"store":${JSON.stringify(storeHead).slice(0, -1)},"tables":{`)
    let firstTable = true
    for (const [name, records] of Object.entries(tables)) {
      await push(`${firstTable ? '' : ','}\n${JSON.stringify(name)}:[`)
      firstTable = false
      for (const [i, record] of records.entries()) await push(`${i === 0 ? '\n' : ',\n'}${JSON.stringify(record)}`)
      await push(']')
    }
    await push('}}')
    await flush()
    await write(Buffer.from(checksum.tail(), 'utf8'))
    await handle.sync()
  } finally {
    await handle.close()
  }
  await rename(temporary, path)
  await syncDirectory(dirname(path))
  return bytes
}
