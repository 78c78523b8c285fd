import { z } from 'zod'
import type { Store } from '../store/createStore.js'
import { Table } from '../store/Table.js'
import { ControlError } from './control/ControlError.js'
import { type SandboxState, sandboxState } from './sandboxState.js'
import { parseScenario } from './scenarios/parseScenario.js'
import type { Scenario } from './scenarios/scenarioSchema.js'

/** A sandbox's whole state plus the scenario it runs, so a snapshot can be restored into any sandbox. */
export type SandboxSnapshot = SandboxState & { definition?: Scenario }

const snapshotShape = sandboxState.extend({ definition: z.unknown().optional() })

/**
 * Checks a snapshot completely before anything is replaced (every record against its table's schema,
 * ids unique), so a bad snapshot is refused with the path at fault and the sandbox left as it was.
 */
export function validateSnapshot(store: Store, data: unknown): { state: SandboxState; definition?: Scenario } {
  const parsed = snapshotShape.safeParse(data)
  if (!parsed.success) throw ControlError.fromZod(parsed.error)
  const { definition, ...state } = parsed.data
  for (const [name, records] of Object.entries(state.store.tables)) {
    const table = (store as unknown as Record<string, unknown>)[name]
    if (!(table instanceof Table)) throw new ControlError(400, `store.tables.${name}: not a table of this sandbox`)
    const ids = new Set<string>()
    for (const [i, record] of records.entries()) {
      const checked = table.schema.safeParse(record)
      if (!checked.success) throw ControlError.fromZod(checked.error, `store.tables.${name}[${i}]`)
      const { id } = checked.data as { id: string }
      if (ids.has(id)) throw new ControlError(400, `store.tables.${name}[${i}].id: duplicate id ${id}`)
      ids.add(id)
    }
  }
  if (definition === undefined) return { state }
  try {
    return { state, definition: parseScenario(definition, 'snapshot definition') }
  } catch (error) {
    throw new ControlError(400, (error as Error).message, 'definition')
  }
}
