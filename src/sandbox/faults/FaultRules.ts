import { z } from 'zod'
import { parseDuration } from '../time/parseDuration.js'
import { seededRandom } from './seededRandom.js'

/** Injected latency is capped so a typo cannot hang a test run. */
export const MAX_LATENCY_MS = 60_000
export const MAX_FAULT_RULES = 100

/** What to do to one request: wait, answer with an error in the provider's format, or drop the connection. */
export interface Fault {
  latencyMs?: number
  status?: number
  reset?: boolean
  /** Seconds for Addepar's `X-RateLimit-Retry-After` on an injected 429. */
  retryAfter?: number
  /** Where it came from, for the error detail and the journal: `x-sandbox-fault: status=503`, `rule 2`. */
  source: string
}

const latency = z.union([z.string(), z.number()]).transform((value, ctx) => {
  try {
    const ms = parseDuration(value)
    if (ms <= MAX_LATENCY_MS) return ms
    ctx.addIssue({ code: 'custom', message: `at most ${MAX_LATENCY_MS / 1000}s` })
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message })
  }
  return z.NEVER
})

export const faultRuleInput = z
  .object({
    /** An HTTP method, or `*` (the default) for any. */
    method: z
      .string()
      .regex(/^([A-Za-z]+|\*)$/, 'an HTTP method or *')
      .default('*')
      .transform((m) => m.toUpperCase()),
    /**
     * A path relative to the API's base URL, as in the providers' docs: `/account_groups/:id`,
     * `/v1/groups/*` (`/api/v1/...` is accepted too). `:name` matches one segment, a `*` segment any number
     * of segments (none included), a `*` within a segment any characters of that segment.
     */
    path: z.string().startsWith('/', 'a path starting with /').default('/*'),
    /** Limits the rule to one API; both by default. */
    api: z.enum(['upvest', 'addepar']).optional(),
    /** Chance that a matching request is hit, drawn from the sandbox's seeded random stream. */
    probability: z.number().min(0).max(1).default(1),
    /** How many requests the rule hits before it is removed; unlimited by default. */
    count: z.number().int().positive().optional(),
    status: z.number().int().min(400).max(599).optional(),
    latency: latency.optional(),
    reset: z.boolean().optional(),
    retry_after: z.number().int().positive().optional(),
  })
  .strict()
  .refine((r) => r.status !== undefined || r.latency !== undefined || r.reset === true, {
    message: 'give status, latency or reset',
    path: ['status'],
  })
  .refine((r) => !(r.reset && r.status !== undefined), {
    message: 'reset drops the connection: it cannot also have a status',
    path: ['reset'],
  })
export type FaultRuleInput = z.input<typeof faultRuleInput>

export interface FaultRule {
  id: string
  method: string
  path: string
  api: 'upvest' | 'addepar' | null
  probability: number
  /** Hits left before the rule is removed; null for unlimited. */
  remaining: number | null
  status: number | null
  latency_ms: number | null
  reset: boolean
  retry_after: number | null
  /** Requests it has hit so far. */
  hits: number
}

interface Compiled {
  rule: FaultRule
  pattern: Segment[]
}

/** One segment of a rule's path: a literal, `:name` (one segment), `*` (any number of segments), `ab*c` (a glob within one segment). */
type Segment =
  | { kind: 'literal'; text: string }
  | { kind: 'param' }
  | { kind: 'any' }
  | { kind: 'glob'; parts: string[] }

/** A path's segments, one trailing slash ignored: `/v1/groups/` is `['v1', 'groups']`. */
function segmentsOf(path: string): string[] {
  return (path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path).split('/').slice(1)
}

/** `/v1/groups/:id` and `/api/v1/groups/*`, relative to the API's base. */
function compile(path: string): Segment[] {
  const relative = path.startsWith('/api/v1/') || path === '/api/v1' ? path.slice(4) : path
  return segmentsOf(relative).map((segment): Segment => {
    if (segment === '*') return { kind: 'any' }
    if (segment.startsWith(':')) return { kind: 'param' }
    if (segment.includes('*')) return { kind: 'glob', parts: segment.split('*') }
    return { kind: 'literal', text: segment }
  })
}

/**
 * Whether one segment matches a glob's parts (`ab*c` is `['ab', 'c']`): the first part begins it, the last
 * ends it, the others follow in order. Taking each middle part at its first place is never wrong, so one
 * pass decides, with no backtracking.
 */
function globMatches(parts: string[], segment: string): boolean {
  const first = parts[0] as string
  const last = parts[parts.length - 1] as string
  if (segment.length < first.length + last.length || !segment.startsWith(first) || !segment.endsWith(last)) {
    return false
  }
  let from = first.length
  const end = segment.length - last.length
  for (const part of parts.slice(1, -1)) {
    const at = segment.indexOf(part, from)
    if (at < 0 || at + part.length > end) return false
    from = at + part.length
  }
  return true
}

function segmentMatches(pattern: Segment, segment: string): boolean {
  if (pattern.kind === 'literal') return pattern.text === segment
  if (pattern.kind === 'param') return segment !== ''
  return pattern.kind === 'glob' && globMatches(pattern.parts, segment)
}

/**
 * Matches a path segment by segment. A `*` segment takes as few segments as it can; when the rest then
 * fails, only the latest `*` takes one more (an earlier one could take nothing a later one cannot), so
 * the work is bounded by the path's segments times the pattern's, never exponential as a regular
 * expression of several `.*` is.
 */
function pathMatches(pattern: Segment[], path: string): boolean {
  const segments = segmentsOf(path)
  let p = 0
  let s = 0
  let star = -1
  let resume = 0
  while (s < segments.length) {
    const expected = pattern[p]
    if (expected?.kind === 'any') {
      star = p++
      resume = s
    } else if (expected && segmentMatches(expected, segments[s] as string)) {
      p++
      s++
    } else if (star >= 0) {
      p = star + 1
      s = ++resume
    } else return false
  }
  while (pattern[p]?.kind === 'any') p++
  return p === pattern.length
}

/**
 * The fault rules of one sandbox. Rules are tried in the order they were added; the first whose method,
 * API and path match, and whose probability draw succeeds, shapes the request. Draws come from a stream
 * of their own, seeded by the sandbox's seed and restarted when the rules are cleared, so they never
 * shift the ids and numbers the sandbox itself draws.
 */
export class FaultRules {
  #rules: Compiled[] = []
  #nextId = 1
  #random: () => number

  constructor(private readonly seed: () => number) {
    this.#random = seededRandom(seed())
  }

  get size(): number {
    return this.#rules.length
  }

  /** Adds a rule; throws a `ZodError` naming the field for invalid input. */
  add(input: unknown): FaultRule {
    const parsed = faultRuleInput.parse(input)
    if (this.#rules.length >= MAX_FAULT_RULES) throw new RangeError(`at most ${MAX_FAULT_RULES} fault rules`)
    const rule: FaultRule = {
      id: String(this.#nextId++),
      method: parsed.method,
      path: parsed.path,
      api: parsed.api ?? null,
      probability: parsed.probability,
      remaining: parsed.count ?? null,
      status: parsed.status ?? null,
      latency_ms: parsed.latency ?? null,
      reset: parsed.reset ?? false,
      retry_after: parsed.retry_after ?? null,
      hits: 0,
    }
    this.#rules.push({ rule, pattern: compile(parsed.path) })
    return { ...rule }
  }

  list(): FaultRule[] {
    return this.#rules.map(({ rule }) => ({ ...rule }))
  }

  /** Removes one rule; false when there is none with that id. */
  remove(id: string): boolean {
    const before = this.#rules.length
    this.#rules = this.#rules.filter(({ rule }) => rule.id !== id)
    return this.#rules.length < before
  }

  clear(): void {
    this.#rules = []
    this.#nextId = 1
    this.#random = seededRandom(this.seed())
  }

  /** The fault a rule injects into this request, if any; counts the hit. `path` is relative to the API's base. */
  match(api: 'upvest' | 'addepar', method: string, path: string): Fault | null {
    for (const compiled of this.#rules) {
      const { rule, pattern } = compiled
      if (rule.api !== null && rule.api !== api) continue
      if (rule.method !== '*' && rule.method !== method) continue
      if (!pathMatches(pattern, path)) continue
      if (rule.probability < 1 && this.#random() >= rule.probability) continue
      rule.hits++
      if (rule.remaining !== null && --rule.remaining === 0) this.#rules = this.#rules.filter((c) => c !== compiled)
      return {
        ...(rule.latency_ms !== null ? { latencyMs: rule.latency_ms } : {}),
        ...(rule.status !== null ? { status: rule.status } : {}),
        ...(rule.reset ? { reset: true } : {}),
        ...(rule.retry_after !== null ? { retryAfter: rule.retry_after } : {}),
        source: `fault rule ${rule.id}`,
      }
    }
    return null
  }
}
