import { z } from 'zod'
import { storeSnapshot } from '../store/createStore.js'

export const STATE_FORMAT = 'wealth-sandbox/state@1'

/** A sandbox's whole state as `exportState()` gives it: the store and the clock, tagged with its scenario. */
export const sandboxState = z.object({
  format: z.literal(STATE_FORMAT),
  scenario: z.string(),
  seed: z.number().int(),
  clock: z.iso.datetime(),
  store: storeSnapshot,
})
export type SandboxState = z.infer<typeof sandboxState>
