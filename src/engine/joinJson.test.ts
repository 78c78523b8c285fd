import { describe, expect, it } from 'vitest'
import { joinJson } from './joinJson.js'

describe('joinJson', () => {
  it.each([[[]], [['{"a":1}']], [['{"a":1}', '"ü"', '[2,3]']]])(
    'gives the text of the template around a join (%j)',
    (texts) => {
      expect(joinJson('{"data":[', texts, '],"x":1}')).toBe(`{"data":[${texts.join(',')}],"x":1}`)
      expect(JSON.parse(joinJson('[', texts, ']'))).toEqual(texts.map((text) => JSON.parse(text)))
    },
  )

  it('leaves the texts it is given as they were', () => {
    const texts = ['1', '2']
    joinJson('[', texts, ']')
    expect(texts).toEqual(['1', '2'])
  })
})
