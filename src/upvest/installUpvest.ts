import type { Sandbox } from '../sandbox/createSandbox.js'

/** Registers the Upvest side's scheduled-job runners and reset hooks on a new sandbox. */
export function installUpvest(_sandbox: Sandbox): void {}
