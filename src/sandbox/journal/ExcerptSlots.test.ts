import { describe, expect, it } from 'vitest'
import { ExcerptSlots } from './ExcerptSlots.js'

describe('ExcerptSlots', () => {
  it('keeps ASCII text as bytes, cut at the slot size in characters', () => {
    const slots = new ExcerptSlots(4, 8)
    const whole = slots.hold(0, '{"a":1}')
    const cut = slots.hold(1, 'abcdefghijkl')
    expect(whole).toMatchObject({ bytes: 7, text: undefined })
    expect(cut).toMatchObject({ bytes: 8, text: undefined })
    expect(slots.read(0, whole as NonNullable<typeof whole>)).toEqual({ text: '{"a":1}', length: 7, truncated: false })
    expect(slots.read(1, cut as NonNullable<typeof cut>)).toEqual({ text: 'abcdefgh', length: 12, truncated: true })
  })

  it('keeps text that is not ASCII as text, cut at the same number of characters', () => {
    const slots = new ExcerptSlots(2, 4)
    const held = slots.hold(0, 'Zürich-Genève')
    expect(held).toMatchObject({ bytes: -1, text: 'Züri' })
    expect(slots.read(0, held as NonNullable<typeof held>)).toEqual({ text: 'Züri', length: 13, truncated: true })
    // An ASCII start that stops just short of a character needing two bytes is not mistaken for ASCII.
    const edge = slots.hold(1, 'abcé')
    expect(slots.read(1, edge as NonNullable<typeof edge>)).toEqual({ text: 'abcé', length: 4, truncated: false })
  })

  it('keeps the first bytes of a binary body and decodes them as UTF-8 when read', () => {
    const slots = new ExcerptSlots(1, 4)
    const held = slots.hold(0, new TextEncoder().encode('a=1&b=2'))
    expect(slots.read(0, held as NonNullable<typeof held>)).toEqual({ text: 'a=1&', length: 7, truncated: true })
  })

  it('holds nothing for an empty or missing body', () => {
    const slots = new ExcerptSlots(1, 4)
    expect(slots.hold(0, null)).toBeNull()
    expect(slots.hold(0, '')).toBeNull()
    expect(slots.hold(0, new Uint8Array(0))).toBeNull()
  })

  it('gives each slot its own bytes across blocks, and a slot written again holds the new excerpt only', () => {
    const slots = new ExcerptSlots(100, 3)
    const held = Array.from({ length: 100 }, (_, i) => slots.hold(i, String(i).padStart(3, '0')))
    expect(held.map((h, i) => slots.read(i, h as NonNullable<typeof h>).text)).toEqual(
      Array.from({ length: 100 }, (_, i) => String(i).padStart(3, '0')),
    )
    const again = slots.hold(40, 'x')
    expect(slots.read(40, again as NonNullable<typeof again>).text).toBe('x')
    expect(slots.read(41, held[41] as NonNullable<(typeof held)[41]>).text).toBe('041')
    expect(() => slots.hold(100, 'y')).toThrow(RangeError)
  })
})
