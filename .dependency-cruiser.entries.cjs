/**
 * What the package's entries load when they are imported (docs/README.md#install): none of the local server's
 * packages, which are optional peer dependencies. The in-process and browser entries never need them;
 * `wealth-sandbox/node` and the CLI load them with a dynamic import once `requireServerPackages` has found
 * them all, so that a missing one is an error saying what to install. A cruise of its own, of the code as it
 * runs: an import of types only is erased, and dynamic imports are left out. Checked by `npm test` (`npm run deps`).
 */
module.exports = {
  forbidden: [
    {
      name: 'entries-load-no-server-package',
      severity: 'error',
      comment:
        'Importing wealth-sandbox, /browser, /vitest, /playwright, /node or the CLI loads no optional server peer (src/server/requireServerPackages.ts).',
      from: { path: '^src/(index|browser|vitest|playwright|node|server/cli)\\.ts$' },
      to: {
        path: '(^|/)node_modules/(express|cors|commander|swagger-ui-dist|ajv|ajv-formats|@scarf/scarf)/',
        reachable: true,
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: false,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.test\\.ts$', dynamic: true },
  },
}
