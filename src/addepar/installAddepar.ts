import type { Sandbox } from '../sandbox/createSandbox.js'

/** Registers the Addepar side's scheduled-job runners and reset hooks on a new sandbox. */
export function installAddepar(_sandbox: Sandbox): void {}
