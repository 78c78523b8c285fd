import type { Store } from '../../store/createStore.js'

/** 32-bit integer hash (murmur3's finaliser): spreads a counter and a seed over all bits. */
function mix(value: number): number {
  let h = value | 0
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

const BYTES = Array.from({ length: 256 }, (_, n) => n.toString(16).padStart(2, '0'))

// By table, not toString(16): seeding `large` makes 150,000 uuids of four of these each.
function hex(value: number): string {
  return `${BYTES[value >>> 24]}${BYTES[(value >>> 16) & 255]}${BYTES[(value >>> 8) & 255]}${BYTES[value & 255]}`
}

/** A version-4-shaped uuid that is a pure function of (seed, n). */
export function deterministicUuid(seed: number, n: number): string {
  const a = mix(seed * 0x9e3779b1 + n)
  const b = mix(a ^ (n * 0x85ebca6b) ^ 0x27d4eb2f)
  const c = mix(b + seed)
  const d = mix(c ^ n)
  const s = hex(a) + hex(b) + hex(c) + hex(d)
  const variant = ((Number.parseInt(s[16] as string, 16) & 0x3) | 0x8).toString(16)
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-${variant}${s.slice(17, 20)}-${s.slice(20, 32)}`
}

/**
 * Ids and random numbers for everything the sandbox creates at run time. Their counters live in the
 * store, so a snapshot, a reset or a restart continues the same sequence: same seed, same ids. The seed is
 * read per call because loading another scenario at run time changes it.
 */
export function createIds(store: Store, seed: () => number) {
  return {
    uuid(): string {
      return deterministicUuid(seed(), store.next('uuid'))
    },
    /** A float in [0, 1) from the seeded sequence. */
    random(): number {
      return mix(seed() ^ mix(store.next('random'))) / 2 ** 32
    },
    /** The next value of an increasing numeric id, such as Addepar group ids. */
    sequence(name: string): number {
      return store.next(name)
    },
  }
}

export type Ids = ReturnType<typeof createIds>
