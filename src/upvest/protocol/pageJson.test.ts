import { describe, expect, it } from 'vitest'
import { recordJson } from '../../engine/recordJson.js'
import { pageJson } from './pageJson.js'
import { paginate } from './paginate.js'

const records = [
  { id: 'a', name: 'Ä "quoted"' },
  { id: 'b', name: 'B' },
  { id: 'c', name: 'C' },
]
const toPublic = (record: { id: string; name: string }) => ({ id: record.id, name: record.name })

describe('pageJson', () => {
  it.each([
    [2, 0, 'ASC'],
    [2, 1, 'DESC'],
    [10, 5, 'ASC'],
  ] as const)('gives the bytes JSON.stringify gives the page (limit %i, offset %i, %s)', (limit, offset, order) => {
    const query = { limit, offset, order, sort: 'created_at' } as const
    const text = pageJson(paginate(records, query, (record) => recordJson(record, toPublic)))
    expect(text).toBe(JSON.stringify(paginate(records, query, toPublic)))
  })

  it('serialises a record version once', () => {
    let calls = 0
    const counting = (record: { id: string; name: string }) => {
      calls++
      return toPublic(record)
    }
    const query = { limit: 3, offset: 0, order: 'ASC', sort: 'created_at' } as const
    pageJson(paginate(records, query, (record) => recordJson(record, counting)))
    pageJson(paginate(records, query, (record) => recordJson(record, counting)))
    expect(calls).toBe(3)
    const renamed = { ...records[1], name: 'Renamed' } as { id: string; name: string }
    expect(JSON.parse(recordJson(renamed, counting))).toEqual({ id: 'b', name: 'Renamed' })
    expect(calls).toBe(4)
  })
})
