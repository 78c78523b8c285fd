import ms, { type StringValue } from 'ms'

/** Milliseconds in a duration such as `"10m"`, `"5s"`, `"1h"` or a number of milliseconds. */
export function parseDuration(duration: string | number): number {
  const value = typeof duration === 'number' ? duration : ms(duration as StringValue)
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(
      `invalid duration ${JSON.stringify(duration)}: use a number of ms or forms like "500ms", "5s", "10m", "1h"`,
    )
  }
  return value
}
