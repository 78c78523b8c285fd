/** Slots allocated at a time: a journal takes memory as it fills, not when its sandbox is made. */
const BLOCK_SLOTS = 32

export interface BodyExcerpt {
  text: string
  /** Length of the whole body in characters (bytes for a binary request body). */
  length: number
  truncated: boolean
}

/** Where one body's excerpt is: `bytes` bytes in its slot, or, for text that is not ASCII, `text` itself. */
export interface HeldExcerpt {
  bytes: number
  text: string | undefined
  length: number
  truncated: boolean
}

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/**
 * Body excerpts as bytes in fixed slots, each overwritten when the journal's ring comes round to it again.
 *
 * Why not strings: a journal holds an excerpt for the next few hundred requests, so each one lived through
 * two young-generation collections, was copied by both, moved to the old generation and was swept from
 * there. At 30,000 pages of 100 a second that moved about 90 MB a second into the old generation, with a
 * full collection every second (docs/performance.md#journal). The collector never copies or scans the
 * bytes of a typed array.
 */
export class ExcerptSlots {
  readonly #blocks: Uint8Array[] = []
  readonly #views: Uint8Array[] = []

  /** `slots` slots of `size` bytes: an excerpt is at most `size` characters, or bytes for a binary body. */
  constructor(
    readonly slots: number,
    readonly size: number,
  ) {}

  /** Keeps the excerpt of `body` in `slot`, in place of what was there. */
  hold(slot: number, body: Uint8Array | string | null): HeldExcerpt | null {
    if (body === null || body.length === 0) return null
    const truncated = body.length > this.size
    const view = this.#view(slot)
    if (typeof body !== 'string') {
      const bytes = truncated ? body.subarray(0, this.size) : body
      view.set(bytes)
      return { bytes: bytes.length, text: undefined, length: body.length, truncated }
    }
    const { read, written } = encoder.encodeInto(body, view)
    // One byte per character read: ASCII, as many characters as the excerpt keeps.
    if (read === written && read === Math.min(body.length, this.size)) {
      return { bytes: written, text: undefined, length: body.length, truncated }
    }
    // A string `slice` may be a view into the whole string (V8), so it is joined to a character first:
    // slicing that short joined string copies just the excerpt, and the whole body is not kept alive.
    const text = truncated ? ` ${body.slice(0, this.size)}`.slice(1) : body
    return { bytes: -1, text, length: body.length, truncated }
  }

  /** The excerpt `hold` kept in `slot`, as text; `slot` must not have been written since. */
  read(slot: number, held: HeldExcerpt): BodyExcerpt {
    const text = held.text ?? decoder.decode(this.#view(slot).subarray(0, held.bytes))
    return { text, length: held.length, truncated: held.truncated }
  }

  /** A view of one slot, made once: a typed array view costs more to create than the write into it. */
  #view(slot: number): Uint8Array {
    const made = this.#views[slot]
    if (made) return made
    if (!Number.isInteger(slot) || slot < 0 || slot >= this.slots) throw new RangeError(`excerpt slot ${slot}`)
    const block = Math.floor(slot / BLOCK_SLOTS)
    let bytes = this.#blocks[block]
    if (!bytes) {
      bytes = new Uint8Array(Math.min(BLOCK_SLOTS, this.slots - block * BLOCK_SLOTS) * this.size)
      this.#blocks[block] = bytes
    }
    const at = (slot % BLOCK_SLOTS) * this.size
    const view = bytes.subarray(at, at + this.size)
    this.#views[slot] = view
    return view
  }
}
