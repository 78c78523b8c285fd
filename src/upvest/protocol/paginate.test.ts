import { describe, expect, it } from 'vitest'
import { listQuery, paginate } from './paginate.js'
import { parseInput } from './parseInput.js'
import { UpvestError } from './UpvestError.js'

const query = listQuery(['created_at', 'updated_at'])
const records = ['a', 'b', 'c', 'd', 'e']

describe('listQuery', () => {
  it('fills the documented defaults', () => {
    expect(query.parse({})).toEqual({ limit: 100, offset: 0, sort: 'created_at', order: 'ASC' })
    expect(query.parse({ limit: '1000', offset: '7', sort: 'updated_at', order: 'DESC' })).toEqual({
      limit: 1000,
      offset: 7,
      sort: 'updated_at',
      order: 'DESC',
    })
  })

  it.each([
    [{ limit: '0' }, 'limit'],
    [{ limit: '1001' }, 'limit'],
    [{ limit: '-5' }, 'limit'],
    [{ limit: '1e2' }, 'limit'],
    [{ offset: '-1' }, 'offset'],
    [{ sort: 'title' }, 'sort'],
    [{ order: 'desc' }, 'order'],
  ])('rejects %j naming %s', (input, parameter) => {
    expect(() => parseInput(query, input, 'query')).toThrow(UpvestError)
    expect(() => parseInput(query, input, 'query')).toThrow(new RegExp(`^${parameter}: `))
  })

  it('offers only the sort fields it is given', () => {
    expect(listQuery(['created_at']).safeParse({ sort: 'updated_at' }).success).toBe(false)
  })
})

describe('paginate', () => {
  const page = (limit: number, offset: number, order: 'ASC' | 'DESC') =>
    paginate(records, { limit, offset, order, sort: 'created_at' }, (r) => r.toUpperCase())

  it('slices ascending and descending pages with count and total_count', () => {
    expect(page(2, 1, 'ASC')).toEqual({
      meta: { offset: 1, limit: 2, count: 2, total_count: 5, sort: 'created_at', order: 'ASC' },
      data: ['B', 'C'],
    })
    expect(page(2, 1, 'DESC').data).toEqual(['D', 'C'])
    expect(page(10, 3, 'DESC').data).toEqual(['B', 'A'])
  })

  it('returns an empty page past the end', () => {
    expect(page(10, 5, 'ASC')).toMatchObject({ meta: { count: 0, total_count: 5 }, data: [] })
    expect(page(10, 50, 'DESC')).toMatchObject({ meta: { count: 0 }, data: [] })
  })
})
