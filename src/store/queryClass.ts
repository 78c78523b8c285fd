import type { Query } from '@msw/data'

type QueryClass = typeof Query

let provided: QueryClass | undefined

/**
 * `@msw/data`'s query builder, behind `Table.findFirst` and `findMany`, loaded on their first use. The package
 * loads es-toolkit one function per module, 555 modules and 100-150 ms that every start of the local server
 * paid for a builder no request uses. Node loads it then, synchronously (`require` of an ES module); a page
 * cannot, so the browser entry imports it and hands it over (`provideQueryClass`).
 */
export function queryClass(): QueryClass {
  if (!provided) {
    const nodeModule = globalThis.process?.getBuiltinModule?.('node:module')
    if (!nodeModule) throw new Error("findFirst/findMany in a page: import the sandbox from 'wealth-sandbox/browser'")
    provided = (nodeModule.createRequire(import.meta.url)('@msw/data') as typeof import('@msw/data')).Query
  }
  return provided
}

/** Hands over the query builder where it cannot be loaded on first use (the browser entry). */
export function provideQueryClass(query: QueryClass): void {
  provided = query
}
