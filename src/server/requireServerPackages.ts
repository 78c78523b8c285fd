/**
 * The packages only the local server uses (express, the docs page's Swagger UI, the CLI's options, response
 * validation against the OpenAPI documents), with the major version each is written for. They are optional
 * peer dependencies (docs/README.md#install): an install for in-process or browser use pulls none of them,
 * nor what they bring along (swagger-ui-dist brings @scarf/scarf, an install-time telemetry script).
 */
export const SERVER_PACKAGES: Readonly<Record<string, number>> = {
  express: 5,
  commander: 15,
  'swagger-ui-dist': 5,
  ajv: 8,
  'ajv-formats': 3,
}

/**
 * Finds every server package before the server's own modules import them, so that a missing one is an error
 * naming the `npm install` line to run rather than Node's "Cannot find package" from deep inside. It resolves
 * rather than imports: swagger-ui-dist's entry evaluates its whole bundle, a quarter of a second of every
 * start, where the server only serves its files.
 */
export async function requireServerPackages(): Promise<void> {
  const missing: string[] = []
  for (const name of Object.keys(SERVER_PACKAGES)) {
    try {
      import.meta.resolve(name)
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'ERR_MODULE_NOT_FOUND') throw error
      missing.push(name)
    }
  }
  if (missing.length === 0) return
  const install = Object.entries(SERVER_PACKAGES).map(([name, major]) => `${name}@${major}`)
  throw new Error(
    `the local server needs ${missing.join(', ')}, not installed: the server's packages are optional peer dependencies of wealth-sandbox, which in-process and browser use do without. Install them with:\n  npm install --save-dev ${install.join(' ')}`,
  )
}
