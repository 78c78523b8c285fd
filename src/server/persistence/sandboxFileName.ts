import { createHash } from 'node:crypto'

// Ids that are safe as they are on every file system, case-insensitive ones included.
const PLAIN = /^[a-z0-9][a-z0-9_-]{0,63}$/

/**
 * The snapshot file name of a sandbox id under `--data-dir`: the id itself when it is lowercase letters,
 * digits, `-` and `_`; otherwise a readable part and a hash of the exact id after a `~`, a character plain
 * names never have, so two ids never share a file (not even `A` and `a` on a case-insensitive disk).
 */
export function sandboxFileName(id: string): string {
  if (PLAIN.test(id)) return `${id}.json`
  const readable = id
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .slice(0, 40)
  const hash = createHash('sha256').update(id).digest('hex').slice(0, 16)
  return `${readable}~${hash}.json`
}
