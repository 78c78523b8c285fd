import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { addeparOpenApi } from '../../src/addepar/openapi/openapi.js'
import { upvestOpenApi } from '../../src/upvest/openapi/openapi.js'

// The documentation is part of the contract: every `docs/<page>.md#<anchor>` that the sources, the OpenAPI
// documents or the docs themselves cite must exist, every relative link in the README and docs/ must
// resolve, and nothing may point outside the repository.

const root = resolve(import.meta.dirname, '../..')

function filesUnder(dir: string, ext: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return filesUnder(path, ext)
    return path.endsWith(ext) ? [path] : []
  })
}

/** GitHub's heading ids: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-')

function anchorsOf(page: string): Set<string> {
  const text = readFileSync(page, 'utf8')
  const ids = [...text.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1] as string)
  const headings = [...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1] as string))
  return new Set([...ids, ...headings])
}

const pages = new Map(filesUnder(join(root, 'docs'), '.md').map((path) => [relative(root, path), anchorsOf(path)]))

/** `docs/upvest.md#lists`, and the short form that may follow it: `docs/upvest.md#lists, #users`. */
function citations(text: string): { page: string; anchor: string }[] {
  return [...text.matchAll(/docs\/([a-z-]+\.md)#([a-z0-9-]+)((?:, #[a-z0-9-]+)*)/g)].flatMap((m) => {
    const page = `docs/${m[1]}`
    const more = [...(m[3] ?? '').matchAll(/#([a-z0-9-]+)/g)].map((each) => each[1] as string)
    return [m[2] as string, ...more].map((anchor) => ({ page, anchor }))
  })
}

describe('the documentation', () => {
  it('has the pages the README links to', () => {
    for (const page of ['upvest', 'addepar', 'webhooks', 'control-api', 'scenarios', 'browser', 'contract']) {
      expect(pages.has(`docs/${page}.md`), page).toBe(true)
    }
  })

  it('resolves every docs/<page>.md#<anchor> the sources and the OpenAPI documents cite', () => {
    const sources = [...filesUnder(join(root, 'src'), '.ts'), ...filesUnder(join(root, 'test'), '.ts')].map((path) => ({
      where: relative(root, path),
      text: readFileSync(path, 'utf8'),
    }))
    sources.push({ where: 'upvest OpenAPI', text: JSON.stringify(upvestOpenApi()) })
    sources.push({ where: 'addepar OpenAPI', text: JSON.stringify(addeparOpenApi()) })
    const broken = sources.flatMap(({ where, text }) =>
      citations(text)
        .filter(({ page, anchor }) => !pages.get(page)?.has(anchor))
        .map(({ page, anchor }) => `${where}: ${page}#${anchor}`),
    )
    expect(broken).toEqual([])
  })

  it('resolves every relative link of the README and docs/, anchors included', () => {
    const broken: string[] = []
    for (const file of [join(root, 'README.md'), ...filesUnder(join(root, 'docs'), '.md')]) {
      const text = readFileSync(file, 'utf8')
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (!target || /^[a-z]+:/.test(target)) continue
        const [path = '', anchor] = target.split('#')
        const resolved = path === '' ? file : resolve(dirname(file), path)
        if (!existsSync(resolved)) broken.push(`${relative(root, file)}: ${target}`)
        else if (anchor && !pages.get(relative(root, resolved))?.has(anchor)) {
          broken.push(`${relative(root, file)}: ${target}`)
        }
      }
    }
    expect(broken).toEqual([])
  })

  it('keeps the README a quickstart of at most about 8 KB that names the test command', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8')
    expect(Buffer.byteLength(readme)).toBeLessThanOrEqual(8 * 1024)
    expect(readme).toContain('npm test')
  })

  it('cites nothing outside the repository', () => {
    const texts = [
      ...filesUnder(join(root, 'src'), '.ts'),
      ...filesUnder(join(root, 'test'), '.ts'),
      ...filesUnder(join(root, 'docs'), '.md'),
      join(root, 'README.md'),
      join(root, 'package.json'),
    ]
    const outside = texts.filter((path) =>
      /\.\.\/shared|shared\/reference|DESIGN\.md|reference\/[a-z]/.test(readFileSync(path, 'utf8')),
    )
    expect(outside.map((path) => relative(root, path))).toEqual([])
  })
})
