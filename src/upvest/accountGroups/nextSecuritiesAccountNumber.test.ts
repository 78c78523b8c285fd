import { describe, expect, it } from 'vitest'
import type { SandboxContext } from '../../engine/SandboxContext.js'
import type { UpvestContext } from '../UpvestContext.js'
import { UpvestState } from '../UpvestState.js'
import { nextSecuritiesAccountNumber } from './nextSecuritiesAccountNumber.js'

/** A context whose store holds groups with these numbers and whose random sequence is `draws`. */
function context(numbers: string[], draws: number[]): UpvestContext {
  const sandbox = {
    store: { upvestAccountGroups: { all: () => numbers.map((n) => ({ securities_account_number: n })) } },
    onReset: () => {},
  } as unknown as SandboxContext
  const state = new UpvestState(sandbox)
  return { state, ids: { random: () => draws.shift() as number } } as unknown as UpvestContext
}

// A draw of `x` gives the number 100,000,000 + floor(x * 900,000,000).
const drawOf = (number: number) => (number - 100_000_000 + 0.5) / 900_000_000

describe('nextSecuritiesAccountNumber', () => {
  it('draws again past a number a group already has, and marks each number it gives as taken', () => {
    const ctx = context(
      ['123456789'],
      [drawOf(123_456_789), drawOf(555_555_555), drawOf(555_555_555), drawOf(987_654_321)],
    )
    expect(nextSecuritiesAccountNumber(ctx)).toBe('555555555')
    expect(nextSecuritiesAccountNumber(ctx)).toBe('987654321')
  })

  it('leaves out a scenario number in a form it never draws, which therefore takes no number from the sequence', () => {
    const ctx = context(['0123456789', '100000000'], [drawOf(123_456_789)])
    expect(ctx.state.numbersInUse).toEqual(new Set([100_000_000]))
    expect(nextSecuritiesAccountNumber(ctx)).toBe('123456789')
  })
})
