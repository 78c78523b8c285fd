/** Import rules of the architecture (docs/architecture.md): checked by `npm test`. */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import circles anywhere, type-only imports included.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'engine-knows-no-provider',
      severity: 'error',
      comment: 'The engine knows no provider: providers are handed to it by the composition file.',
      from: { path: '^src/engine/' },
      to: { path: '^src/(upvest|addepar|control|server|adapters)/' },
    },
    {
      name: 'providers-stand-apart',
      severity: 'error',
      comment: 'A provider imports the engine and the data layer, never another provider or the composition.',
      from: { path: '^src/(upvest|addepar|control)/' },
      to: { path: '^src/(server|adapters)/|^src/sandbox/(createSandbox|mountProviders)\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.test\\.ts$' },
  },
}
