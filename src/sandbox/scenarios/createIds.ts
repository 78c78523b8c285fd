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

const HEX_DIGITS = Array.from('0123456789abcdef', (digit) => digit.charCodeAt(0))
const DASH = 45
const FOUR = 52
const uuidCodes = new Array<number>(36)

/**
 * A version-4-shaped uuid that is a pure function of (seed, n). Written as character codes into one flat
 * string: pieces joined by `+` make V8 keep a tree of strings that every Map lookup and comparison must
 * flatten first, which cost seeding `large` (150,000 uuids) a quarter of its time.
 */
export function deterministicUuid(seed: number, n: number): string {
  const a = mix(seed * 0x9e3779b1 + n)
  const b = mix(a ^ (n * 0x85ebca6b) ^ 0x27d4eb2f)
  const c = mix(b + seed)
  const d = mix(c ^ n)
  let at = 0
  for (const word of [a, b, c, d]) {
    for (let shift = 28; shift >= 0; shift -= 4) {
      if (at === 8 || at === 13 || at === 18 || at === 23) uuidCodes[at++] = DASH
      uuidCodes[at++] = HEX_DIGITS[(word >>> shift) & 15] as number
    }
  }
  uuidCodes[14] = FOUR
  // The variant: 8, 9, a or b, from the digit it replaces.
  uuidCodes[19] = HEX_DIGITS[((c >>> 28) & 3) | 8] as number
  return String.fromCharCode(...uuidCodes)
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
