import { randomUUID } from 'node:crypto'
import { addeparOpenApi } from '../addepar/openapi/openapi.js'
import type { DriftFinding } from '../contract/driftFinding.js'
import { upvestOpenApi } from '../upvest/openapi/openapi.js'
import { DriftChecker, type ProviderAnswer } from './DriftChecker.js'
import { UpstreamError } from './UpstreamError.js'
import { type Learned, type VerifySide, type VerifyStep, verifyConversation } from './verifyConversation.js'
import type { VerifyReport } from './verifyReport.js'

/** One step's outcome on one side: the path it took (ids filled in) and the answer, or why there was none. */
type Reply = { path: string } & ({ answer: ProviderAnswer; error?: undefined } | { answer?: undefined; error: string })

function headersFor(step: VerifyStep, side: VerifySide, learned: Learned): Headers {
  const headers = new Headers()
  if (step.contentType) headers.set('content-type', step.contentType)
  if (step.api === 'upvest' && side.upvest) {
    headers.set('accept', 'application/json')
    headers.set('upvest-api-version', '1')
    headers.set('upvest-client-id', side.upvest.clientId)
    if (learned.token) headers.set('authorization', `Bearer ${learned.token}`)
    if (step.method === 'POST') headers.set('idempotency-key', randomUUID())
  }
  if (step.api === 'addepar' && side.addepar) {
    headers.set('accept', 'application/vnd.api+json')
    headers.set('authorization', `Basic ${btoa(`${side.addepar.key}:${side.addepar.secret}`)}`)
    headers.set('addepar-firm', side.addepar.firm)
  }
  return headers
}

/** One side's run of the conversation: a reply per step, or undefined for a step it could not take. */
async function converse(side: VerifySide, steps: readonly VerifyStep[], timeoutMs: number) {
  const learned: Learned = {}
  const replies: (Reply | undefined)[] = []
  for (const step of steps) {
    const base = side[step.api]?.base
    const path = step.path(learned)
    if (!base || path === undefined) {
      replies.push(undefined)
      continue
    }
    const url = `${base.replace(/\/+$/, '')}${path}`
    try {
      const response = await fetch(url, {
        method: step.method,
        headers: headersFor(step, side, learned),
        body: step.body?.(learned, side),
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      })
      const answer = { status: response.status, headers: response.headers, body: await response.text() }
      replies.push({ path, answer })
      if (response.ok && step.learn) {
        try {
          step.learn(JSON.parse(answer.body), learned)
        } catch {
          // An answer that is not JSON teaches nothing; the drift check says what it was.
        }
      }
    } catch (error) {
      replies.push({ path, error: UpstreamError.from(error, url, timeoutMs).message })
    }
  }
  return replies
}

export interface VerifyOptions {
  /** The real providers; only the APIs given here are verified. */
  upstream: VerifySide
  /** A local sandbox server with its own credentials, for both APIs. */
  sandbox: VerifySide
  /** How long one answer may take. */
  timeoutMs: number
}

/**
 * `wealth-sandbox verify` (docs/drift.md#verify): runs the scripted conversation against the real providers
 * and a local sandbox side by side and compares, step by step, statuses and shapes, not values: a status
 * other than the sandbox's, and every way the upstream's answer leaves the sandbox's OpenAPI documents
 * (`DriftChecker`: fields, enum values, types, media types, required headers).
 */
export async function runVerify(options: VerifyOptions): Promise<VerifyReport> {
  const steps = verifyConversation.filter((step) => options.upstream[step.api])
  const [local, upstream] = await Promise.all([
    converse(options.sandbox, steps, options.timeoutMs),
    converse(options.upstream, steps, options.timeoutMs),
  ])
  const checkers = {
    upvest: new DriftChecker('upvest', upvestOpenApi()),
    addepar: new DriftChecker('addepar', addeparOpenApi()),
  }
  const report: VerifyReport = {
    format: 'wealth-sandbox/verify-report@1',
    upstream: { upvest: options.upstream.upvest?.base, addepar: options.upstream.addepar?.base },
    drift: 0,
    errors: 0,
    steps: [],
  }
  const notRun = { status: 0, error: 'not run: an earlier answer lacked what this step needs' }
  const sideOf = (reply: Reply | undefined) =>
    reply === undefined ? notRun : reply.answer ? { status: reply.answer.status } : { status: 0, error: reply.error }
  for (const [index, step] of steps.entries()) {
    const mine = local[index]
    const theirs = upstream[index]
    const checker = checkers[step.api]
    const taken = theirs?.path ?? mine?.path
    const operation = taken
      ? checker.operation(step.method, taken.split('?', 1)[0] as string)
      : { operationId: step.name, path: '', statuses: [] }
    const sandbox = sideOf(mine)
    const other = sideOf(theirs)
    const findings: DriftFinding[] = []
    if (theirs?.answer) {
      const differs = sandbox.status !== other.status
      if (differs) {
        findings.push({
          api: step.api,
          operation: operation.operationId,
          method: step.method,
          path: operation.path,
          kind: 'status',
          pointer: '/status',
          expected: `${sandbox.status || 'no answer'} (the sandbox's; documented: ${operation.statuses.join(', ')})`,
          seen: String(other.status),
        })
      }
      // An undocumented status is already the status finding when the sandbox answered another.
      for (const finding of checker.check(step.method, theirs.path.split('?', 1)[0] as string, theirs.answer)) {
        if (!(differs && finding.kind === 'status')) findings.push(finding)
      }
    } else if (theirs || mine) {
      report.errors++
    }
    report.drift += findings.length
    report.steps.push({
      step: step.name,
      api: step.api,
      method: step.method,
      operation: operation.operationId,
      path: operation.path,
      sandbox,
      upstream: other,
      findings,
    })
  }
  return report
}
