import type { UpvestContext } from '../UpvestContext.js'

/** Runs a state change of the sandbox after the ones before it (see `UpvestState.exclusive`). */
export function exclusive<T>(ctx: UpvestContext, work: () => Promise<T>): Promise<T> {
  return ctx.state.exclusive(work)
}
