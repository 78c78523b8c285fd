import { createHash, type Hash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import * as nodeModule from 'node:module'

/**
 * The version of wealth-sandbox this is, from its own package.json; undefined where Node cannot say
 * (`module.findPackageJSON` is Node 22.14 and later), and then snapshots are written and read without a checksum.
 */
function packageVersion(): string | undefined {
  try {
    // A namespace lookup, not a named import: on a Node without it, that import would fail to link.
    const path = nodeModule.findPackageJSON?.(import.meta.url)
    if (!path) return undefined
    const pkg = JSON.parse(readFileSync(path, 'utf8')) as { name?: unknown; version?: unknown }
    return pkg.name === 'wealth-sandbox' && typeof pkg.version === 'string' ? pkg.version : undefined
  } catch {
    return undefined
  }
}

const SALT = packageVersion()
/** The end of a snapshot file with a checksum: the last top-level field, the closing brace, a newline. */
const PREFIX = ',"checksum":"sha256:'
const SUFFIX = '"}\n'
const TAIL_BYTES = PREFIX.length + 64 + SUFFIX.length
/** A SHA-256 that has taken the version already; only called where there is one. */
const salted = () => createHash('sha256').update(`${SALT}\n`)

/**
 * A snapshot file's checksum (docs/persistence.md#checksum): SHA-256 of the version of wealth-sandbox that
 * writes it, a newline, and every byte of the file before the `checksum` field. A file whose checksum matches was
 * written by this very version and is exactly as written, so its records passed these same schemas and are
 * loaded without a second validation, as the change log's records are (each behind its CRC-32). A file edited
 * by hand or written by another version simply does not match, and is validated record by record.
 */
export class SnapshotChecksum {
  readonly #hash: Hash | undefined = SALT === undefined ? undefined : salted()

  /** Bytes written, in order. */
  update(bytes: Uint8Array): void {
    this.#hash?.update(bytes)
  }

  /** What ends the file after the last byte given to `update` (which must close the state's `store` field). */
  tail(): string {
    return this.#hash ? `${PREFIX}${this.#hash.digest('hex')}${SUFFIX}` : '}\n'
  }

  /** Whether `file` ends with a checksum that matches the rest of it, for this version. */
  static matches(file: Buffer): boolean {
    if (SALT === undefined || file.length < TAIL_BYTES) return false
    const tail = file.subarray(file.length - TAIL_BYTES).toString('latin1')
    if (!tail.startsWith(PREFIX) || !tail.endsWith(SUFFIX)) return false
    const digest = salted()
      .update(file.subarray(0, file.length - TAIL_BYTES))
      .digest('hex')
    return digest === tail.slice(PREFIX.length, -SUFFIX.length)
  }
}
