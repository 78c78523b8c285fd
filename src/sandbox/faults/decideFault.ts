import { parseDuration } from '../time/parseDuration.js'
import { type Fault, type FaultRules, MAX_LATENCY_MS } from './FaultRules.js'

export const FAULT_HEADER = 'x-sandbox-fault'

const USAGE = 'use latency=300ms, status=503, reset or retry-after=5, comma-separated'

/** `x-sandbox-fault: latency=300ms, status=503`; throws a `RangeError` naming the bad directive. */
function parseFaultHeader(value: string): Fault {
  const fault: Fault = { source: `${FAULT_HEADER}: ${value}` }
  for (const directive of value.split(/[,;]/)) {
    const [rawName, rawValue] = directive.split('=', 2).map((part) => part.trim())
    const name = rawName?.toLowerCase()
    if (!name) continue
    if (name === 'reset' && rawValue === undefined) fault.reset = true
    else if (name === 'status' && /^[45]\d\d$/.test(rawValue ?? '')) fault.status = Number(rawValue)
    else if (name === 'retry-after' && /^[1-9]\d{0,5}$/.test(rawValue ?? '')) fault.retryAfter = Number(rawValue)
    else if (name === 'latency' && rawValue) {
      let ms: number
      try {
        ms = parseDuration(/^\d+$/.test(rawValue) ? Number(rawValue) : rawValue)
      } catch {
        throw new RangeError(`${FAULT_HEADER}: bad latency "${rawValue}"; ${USAGE}`)
      }
      if (ms > MAX_LATENCY_MS) throw new RangeError(`${FAULT_HEADER}: latency is at most ${MAX_LATENCY_MS / 1000}s`)
      fault.latencyMs = ms
    } else throw new RangeError(`${FAULT_HEADER}: cannot read "${directive.trim()}"; ${USAGE}`)
  }
  if (fault.reset && fault.status !== undefined) {
    throw new RangeError(`${FAULT_HEADER}: reset drops the connection, it cannot also have a status`)
  }
  return fault
}

/** `Prefer: code=503` (the convention of Prism and other mock servers); other preferences are ignored. */
function preferredCode(value: string): number | undefined {
  const match = /(?:^|[,;\s])code=(\d{3})\b/.exec(value)
  const code = match ? Number(match[1]) : undefined
  return code !== undefined && code >= 400 && code <= 599 ? code : undefined
}

/**
 * The fault a request asks for with its own `x-sandbox-fault` and `Prefer: code=` headers, combined so that
 * latency can come with a status (a status in `x-sandbox-fault` wins over `Prefer`); null when it asks for none.
 * Throws a `RangeError` for an unreadable `x-sandbox-fault`. The contract checks read it too: an injected
 * status a document lacks is within the contract only when the request itself asked for it.
 */
export function requestedFault(header: (name: string) => string | null | undefined): Fault | null {
  const explicit = header(FAULT_HEADER)
  const fault = explicit ? parseFaultHeader(explicit) : null
  const prefer = header('prefer')
  const code = prefer ? preferredCode(prefer) : undefined
  if (code !== undefined && fault?.status === undefined && !fault?.reset) {
    const source = `Prefer: code=${code}`
    return fault ? { ...fault, status: code, source: `${fault.source}; ${source}` } : { status: code, source }
  }
  return fault
}

/**
 * The fault to inject into one provider request: the request's own headers (`requestedFault`) win over the
 * rules; else the first matching rule. Cheap when there is neither (two header lookups and a length check),
 * which is the case for nearly every request.
 */
export function decideFault(
  rules: FaultRules,
  api: 'upvest' | 'addepar',
  method: string,
  path: string,
  header: (name: string) => string | null | undefined,
): Fault | null {
  const fault = requestedFault(header)
  if (fault) return fault
  return rules.size === 0 ? null : rules.match(api, method, path)
}
