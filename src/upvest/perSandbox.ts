import type { UpvestContext } from './UpvestContext.js'

/**
 * State the Upvest side keeps beside the store (caches, counters), one per sandbox: built on first use
 * and dropped on reset or state import, so it never outlives the records it was derived from.
 */
export function perSandbox<T>(create: (sandbox: UpvestContext) => T): (sandbox: UpvestContext) => T {
  const slots = new WeakMap<UpvestContext, { value: T | undefined }>()
  return (sandbox) => {
    let slot = slots.get(sandbox)
    if (!slot) {
      const fresh: { value: T | undefined } = { value: undefined }
      sandbox.onReset(() => {
        fresh.value = undefined
      })
      slots.set(sandbox, fresh)
      slot = fresh
    }
    slot.value ??= create(sandbox)
    return slot.value
  }
}
