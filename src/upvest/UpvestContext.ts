import type { SandboxContext } from '../engine/SandboxContext.js'

/** What the Upvest side's rules and routes get of the sandbox they run in. */
export type UpvestContext = SandboxContext
