import { describe, expect, it } from 'vitest'
import { SortedList } from './SortedList.js'

const byNumber = (a: number, b: number) => a - b

/** A seeded sequence, so a failure replays. */
function random(seed: number) {
  let state = seed
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31
    return state / 2 ** 31
  }
}

describe('SortedList', () => {
  it('stays sorted and readable by position through thousands of inserts and removals across chunk splits', () => {
    const next = random(7)
    const list = new SortedList(byNumber)
    const reference: number[] = []
    for (let i = 0; i < 5000; i++) {
      const value = Math.floor(next() * 100_000) * 10 + (i % 10)
      list.insert(value)
      reference.push(value)
      if (i % 3 === 0) {
        const gone = reference.splice(Math.floor(next() * reference.length), 1)[0] as number
        expect(list.remove(gone)).toBe(true)
      }
    }
    reference.sort(byNumber)
    expect(list.length).toBe(reference.length)
    expect([...list]).toEqual(reference)
    for (const at of [0, 1, 511, 512, 513, 1700, reference.length - 1]) expect(list.at(at)).toBe(reference[at])
    expect(list.at(reference.length)).toBeUndefined()
    expect(list.at(-1)).toBeUndefined()
    const probe = reference[1234] as number
    expect(list.seek((value) => value - probe)).toBe(reference.indexOf(probe))
    expect(list.seek(() => -1)).toBe(reference.length)
    expect(list.remove(-5)).toBe(false)
  })

  it('takes records in order in bulk, then inserts at the front, the middle and the end', () => {
    const list = SortedList.fromSorted(
      byNumber,
      Array.from({ length: 2000 }, (_, i) => i * 2),
    )
    list.insert(-1)
    list.insert(1001)
    list.insert(10_000)
    expect(list.length).toBe(2003)
    expect(list.at(0)).toBe(-1)
    expect(list.at(502)).toBe(1001)
    expect(list.at(2002)).toBe(10_000)
    expect(list.map((value) => value).every((value, i, all) => i === 0 || (all[i - 1] as number) < value)).toBe(true)
    expect(list.find((value) => value > 3997)).toBe(3998)
  })

  it('keeps a small bulk load as its one chunk and grows it past a split', () => {
    const list = SortedList.fromSorted(byNumber, [10, 20, 30])
    for (let i = 0; i < 600; i++) list.insert(i % 2 === 0 ? 601 - i : 1000 + i)
    expect(list.length).toBe(603)
    const values = [...list]
    expect(values.every((value, i) => i === 0 || (values[i - 1] as number) < value)).toBe(true)
    expect(list.at(0)).toBe(3)
    expect(list.seek((value) => value - 30)).toBe(values.indexOf(30))
    const empty = SortedList.fromSorted(byNumber, [])
    empty.insert(1)
    expect([...empty]).toEqual([1])
  })

  it('replaces a record in place only when it is the very record held', () => {
    const a = { id: 'a', v: 1 }
    const list = new SortedList((x: typeof a, y: typeof a) => x.v - y.v)
    list.insert(a)
    const renamed = { id: 'a', v: 1 }
    expect(list.replace({ id: 'a', v: 1 }, renamed)).toBe(false)
    expect(list.replace(a, renamed)).toBe(true)
    expect(list.at(0)).toBe(renamed)
  })

  it('sorts records that did not sort last in when next read: a few one by one, many in one merge', () => {
    const next = random(11)
    const held = Array.from({ length: 10_000 }, (_, i) => i * 10)
    const list = SortedList.fromSorted(byNumber, [...held])
    const reference = [...held]
    const insert = (value: number) => {
      list.insert(value)
      reference.push(value)
    }
    // Fewer than one in 64 of the records held: placed one by one.
    for (let i = 0; i < 100; i++) insert(Math.floor(next() * 10_000) * 10 + 1 + (i % 9))
    expect(list.length).toBe(10_100)
    reference.sort(byNumber)
    expect(list.at(5000)).toBe(reference[5000])
    expect([...list]).toEqual(reference)
    // Many more, mixed with records that sort last: merged.
    for (let i = 0; i < 20_000; i++) insert(i % 5 === 0 ? 1_000_000 + i : Math.floor(next() * 100_000) * 10 + 3)
    reference.sort(byNumber)
    expect(list.length).toBe(reference.length)
    expect(list.map((value) => value)).toEqual(reference)
    const probe = reference[12_345] as number
    expect(list.seek((value) => value - probe)).toBe(reference.indexOf(probe))
  })

  it('removes, replaces and finds a record that is still waiting to be sorted in', () => {
    const list = SortedList.fromSorted(
      (x: { v: number }, y: { v: number }) => x.v - y.v,
      [{ v: 10 }, { v: 20 }, { v: 30 }],
    )
    const waiting = { v: 15 }
    list.insert(waiting)
    list.insert({ v: 5 })
    expect(list.length).toBe(5)
    const renamed = { v: 15 }
    expect(list.replace(waiting, renamed)).toBe(true)
    expect(list.find((record) => record.v === 15)).toBe(renamed)
    expect(list.remove({ v: 5 })).toBe(true)
    expect(list.map((record) => record.v)).toEqual([10, 15, 20, 30])
  })
})
