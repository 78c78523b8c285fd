#!/usr/bin/env node
import module from 'node:module'

// Node keeps the compiled code of the CLI's modules (some 550) in the OS's temp directory and reuses it on
// the next start, a tenth of `npm start` with `default` (docs/performance.md#method); NODE_DISABLE_COMPILE_CACHE=1
// turns it off. Static imports would be compiled before this line runs, hence the dynamic one.
module.enableCompileCache?.()
await import('./runCli.js')
