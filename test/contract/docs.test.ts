import { Validator } from '@seriousme/openapi-schema-validator'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OpenApiDocument } from '../../src/contract/types.js'
import { type RunningServer, startServer } from '../../src/node.js'
import { CHROMIUM_LAUNCH_OPTIONS } from '../support/chromium.js'
import { FULL_CLIENT, upvestHeaders, upvestToken } from '../support/upvest.js'

// The documents and the docs page as the local server serves them: the documents carry the running
// server's base URLs, the page renders both with Swagger UI from node_modules, and in Chromium it finds
// every operation without a single request leaving the machine.

let running: RunningServer
let browser: Browser

beforeAll(async () => {
  running = await startServer({ port: 0, scenario: 'default' })
  browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS)
})
afterAll(async () => {
  await browser?.close()
  await running?.close()
})

async function served(api: 'upvest' | 'addepar' | 'control'): Promise<OpenApiDocument> {
  const response = await fetch(`${running.url}/__sandbox/openapi/${api}.json`)
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toMatch(/^application\/json/)
  return (await response.json()) as OpenApiDocument
}

const operationsOf = (document: OpenApiDocument) =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    (['get', 'post', 'patch', 'delete'] as const).filter((method) => item[method]).map((method) => ({ method, path })),
  )

describe('the served OpenAPI documents', () => {
  it('name the running server first: its root for Upvest, /api for Addepar', async () => {
    const upvest = await served('upvest')
    const addepar = await served('addepar')
    expect(upvest.servers[0]?.url).toBe(running.url)
    expect(addepar.servers[0]?.url).toBe(`${running.url}/api`)
    expect(upvest.components.securitySchemes?.upvest).toMatchObject({
      flows: { clientCredentials: { tokenUrl: `${running.url}/auth/token` } },
    })
    for (const document of [upvest, addepar]) {
      const result = await new Validator().validate(document as unknown as Record<string, unknown>)
      expect(result.errors ?? []).toEqual([])
      expect(result.valid).toBe(true)
    }
  })

  it('serve the control API’s own document, naming the running server’s /__sandbox, where it answers', async () => {
    const control = await served('control')
    expect(control.servers[0]?.url).toBe(`${running.url}/__sandbox`)
    const result = await new Validator().validate(control as unknown as Record<string, unknown>)
    expect(result.errors ?? []).toEqual([])
    expect(Object.keys(control.paths)).toContain('/clock/advance')
    expect((await fetch(`${control.servers[0]?.url}/health`)).status).toBe(200)
  })

  it('describe a server that answers: an operation called at the first server URL works', async () => {
    const upvest = await served('upvest')
    const addepar = await served('addepar')
    const token = await upvestToken(upvest.servers[0]?.url as string, 'accounts:read', FULL_CLIENT)
    const group = await fetch(`${upvest.servers[0]?.url}/account_groups/9d95820d-4333-46b6-98de-04ab7512e76f`, {
      headers: upvestHeaders(token),
    })
    expect(group.status).toBe(200)
    const groups = await fetch(`${addepar.servers[0]?.url}/v1/groups/5`, {
      headers: { authorization: `Basic ${btoa('sandbox-admin-key:sandbox-admin-secret')}`, 'addepar-firm': '123' },
    })
    expect(groups.status).toBe(200)
  })

  it('serves only the docs page’s own swagger-ui-dist files', async () => {
    expect((await fetch(`${running.url}/__sandbox/docs/assets/swagger-ui-bundle.js`)).status).toBe(200)
    expect((await fetch(`${running.url}/__sandbox/docs/assets/package.json`)).status).toBe(404)
    expect((await fetch(`${running.url}/__sandbox/docs/assets/..%2F..%2Fpackage.json`)).status).toBe(404)
  })
})

describe('the local server’s own answers, checked like the APIs’', () => {
  const big = 'x'.repeat(5 * 1024 * 1024 + 1)

  it('413 for a body over 5 MB, in each API’s error format', async () => {
    const upvest = await fetch(`${running.url}/account_groups`, { method: 'POST', body: big })
    expect(upvest.status).toBe(413)
    expect(await upvest.json()).toMatchObject({ status: 413, type: 'https://docs.upvest.co/errors/content_too_large' })
    const addepar = await fetch(`${running.url}/api/v1/groups`, { method: 'POST', body: big })
    expect(addepar.status).toBe(413)
    expect((await addepar.json()).errors[0].status).toBe('413')
  })

  it('404 and 405 for routes the APIs do not have', async () => {
    expect((await fetch(`${running.url}/portfolios`)).status).toBe(404)
    expect((await fetch(`${running.url}/v1/portfolios`)).status).toBe(404)
    expect((await fetch(`${running.url}/api/v1/groups`, { method: 'PUT' })).status).toBe(405)
  })
})

describe('the docs page in Chromium', () => {
  async function open(query: string) {
    const page = await browser.newPage()
    const origin = new URL(running.url).origin
    const outside: string[] = []
    // Offline: anything not asked of this server is refused, and noted.
    await page.route('**/*', (route) => {
      const url = route.request().url()
      if (url.startsWith(origin) || url.startsWith('data:')) return route.continue()
      outside.push(url)
      return route.abort()
    })
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    await page.goto(`${running.url}/__sandbox/docs${query}`)
    await page.locator('.opblock').first().waitFor({ timeout: 20_000 })
    const summaries = await page.locator('.opblock-summary').evaluateAll((blocks) =>
      blocks.map((block) => ({
        method: block.querySelector('.opblock-summary-method')?.textContent?.trim().toLowerCase(),
        path: block.querySelector('.opblock-summary-path')?.getAttribute('data-path'),
      })),
    )
    const title = await page.locator('.info .title').first().textContent()
    await page.close()
    return { summaries, title, outside, errors }
  }

  it('renders every Upvest operation, offline', async () => {
    const { summaries, title, outside, errors } = await open('')
    expect(title).toContain('Upvest Investment API')
    for (const operation of operationsOf(await served('upvest'))) expect(summaries).toContainEqual(operation)
    expect(outside).toEqual([])
    expect(errors).toEqual([])
  })

  it('renders every Addepar operation with ?api=addepar, offline', async () => {
    const { summaries, title, outside, errors } = await open('?api=addepar')
    expect(title).toContain('Addepar API')
    for (const operation of operationsOf(await served('addepar'))) expect(summaries).toContainEqual(operation)
    expect(outside).toEqual([])
    expect(errors).toEqual([])
  })
})
