import { z } from 'zod'
import type { FaultRule, FaultRuleInput } from '../faults/FaultRules.js'
import type { JournalEntry, JournalFilter } from '../journal/Journal.js'
import { parseScenario, resolveScenario } from '../scenarios/parseScenario.js'
import { parseDuration } from '../time/parseDuration.js'
import { type SandboxSnapshot, validateSnapshot } from '../validateSnapshot.js'
import type { ClockState, ControlApi, DriftLog, ScenarioRequest } from './ControlApi.js'
import { ControlError } from './ControlError.js'
import type { ControlledSandbox, SandboxInfo } from './ControlledSandbox.js'
import { describeSandbox, type SandboxOverview } from './describeSandbox.js'

const seed = z
  .number()
  .int()
  .min(0)
  .max(2 ** 31 - 1)
  .optional()
const scenarioRequest = z.union([
  z.object({ name: z.string().min(1), seed }).strict(),
  z.object({ scenario: z.record(z.string(), z.unknown()), seed }).strict(),
])

function scenarioError(error: unknown, field: string): ControlError {
  return new ControlError(400, (error as Error).message, field)
}

/**
 * `sandbox.control`: the control API of one sandbox as methods. The HTTP control routes are thin
 * wrappers over it, so in-process tests and the local server behave the same.
 */
export class SandboxControl implements ControlApi {
  constructor(private readonly sandbox: ControlledSandbox) {}

  async info(): Promise<SandboxInfo> {
    return this.sandbox.info()
  }

  async reset(): Promise<SandboxInfo> {
    await this.sandbox.reset()
    return this.sandbox.info()
  }

  async clock(): Promise<ClockState> {
    return { now: this.sandbox.clock.timestamp(), mode: this.sandbox.clock.mode }
  }

  async advance(by: string | number): Promise<ClockState> {
    if (typeof by !== 'string' && typeof by !== 'number') {
      throw new ControlError(400, 'by: required, a duration such as "10m" or milliseconds', 'by')
    }
    let ms: number
    try {
      ms = parseDuration(by)
    } catch (error) {
      throw new ControlError(400, `by: ${(error as Error).message}`, 'by')
    }
    await this.sandbox.clock.advance(ms)
    return this.clock()
  }

  async freeze(): Promise<ClockState> {
    this.sandbox.clock.freeze()
    return this.clock()
  }

  async resume(): Promise<ClockState> {
    this.sandbox.clock.resume()
    return this.clock()
  }

  async loadScenario(request: ScenarioRequest): Promise<SandboxInfo> {
    const parsed = scenarioRequest.safeParse(request)
    if (!parsed.success) {
      throw new ControlError(400, 'give {"name": "<built-in scenario>"} or {"scenario": {...}}, and optionally "seed"')
    }
    const body = parsed.data
    let scenario: ReturnType<typeof parseScenario>
    try {
      scenario = 'name' in body ? resolveScenario(body.name) : parseScenario(body.scenario, 'inline scenario')
    } catch (error) {
      throw scenarioError(error, 'name' in body ? 'name' : 'scenario')
    }
    try {
      // Cross-references (members, tenants) are checked while seeding; a failure leaves the sandbox as it was.
      await this.sandbox.load(scenario, body.seed ?? scenario.seed)
    } catch (error) {
      throw scenarioError(error, 'scenario')
    }
    return this.sandbox.info()
  }

  async snapshot(): Promise<SandboxSnapshot> {
    return { ...this.sandbox.exportState(), definition: this.sandbox.scenario }
  }

  async restore(snapshot: SandboxSnapshot): Promise<SandboxInfo> {
    const { state, definition } = validateSnapshot(this.sandbox.store, snapshot)
    const same = state.scenario === this.sandbox.scenario.name && state.seed === this.sandbox.seed
    if (!same && !definition) {
      throw new ControlError(
        400,
        `snapshot of scenario "${state.scenario}" seed ${state.seed}, but this sandbox runs "${this.sandbox.scenario.name}" seed ${this.sandbox.seed}; a snapshot with its "definition" (as GET /__sandbox/snapshot gives it) can change that`,
        'scenario',
      )
    }
    if (definition && definition.name !== state.scenario) {
      throw new ControlError(400, `definition: scenario "${definition.name}", but the state is of "${state.scenario}"`)
    }
    if (definition) await this.sandbox.load(definition, state.seed, state)
    else await this.sandbox.importState(state)
    return this.sandbox.info()
  }

  async faults(): Promise<FaultRule[]> {
    return this.sandbox.faults.list()
  }

  async addFault(rule: FaultRuleInput): Promise<FaultRule> {
    try {
      return this.sandbox.faults.add(rule)
    } catch (error) {
      if (error instanceof z.ZodError) throw ControlError.fromZod(error)
      throw new ControlError(400, (error as Error).message)
    }
  }

  async removeFault(id: string): Promise<void> {
    if (!this.sandbox.faults.remove(id)) throw new ControlError(404, `no fault rule ${id}`, 'id')
  }

  async clearFaults(): Promise<void> {
    this.sandbox.faults.clear()
  }

  async requests(filter: JournalFilter = {}): Promise<JournalEntry[]> {
    return this.sandbox.journal.list(filter)
  }

  async clearRequests(): Promise<void> {
    this.sandbox.journal.clear()
  }

  async drift(): Promise<DriftLog> {
    const entries = this.sandbox.journal.list({ limit: this.sandbox.journal.capacity })
    return {
      findings: entries.flatMap((entry) =>
        (entry.drift ?? []).map((finding) => ({ ...finding, request: entry.id, time: entry.time })),
      ),
    }
  }

  async overview(): Promise<SandboxOverview> {
    return describeSandbox(this.sandbox)
  }
}
