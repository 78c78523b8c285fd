import type { AccountGroup, AddeparGroup, UpvestAccountGroupRecord } from '../../store/schemas.js'
import type { ControlledSandbox } from './ControlledSandbox.js'

/** Caps that keep the overview cheap to build and small to poll, whatever the scenario's size. */
const NEWEST_ACCOUNT_GROUPS = 100
const GROUP_TREE_NODES = 300

export interface GroupNode {
  id: string
  name: string
  group_type: string
  members: { id: string; name: string; model_type: string }[]
  children: GroupNode[]
}

export interface SandboxOverview {
  scenario: string
  seed: number
  clock: { now: string; mode: 'frozen' | 'real' }
  /** Records per table. */
  counts: Record<string, number>
  faults: number
  requests: number
  /** The newest account groups first. */
  accountGroups: {
    total: number
    items: AccountGroup[]
  }
  /** Addepar groups per firm as a tree from the groups no other group contains, at most 300 nodes in all. */
  groups: { total: number; truncated: boolean; firms: { firm_id: string; roots: GroupNode[] }[] }
}

/** What the inspector page shows of a sandbox. */
export function describeSandbox(sandbox: ControlledSandbox): SandboxOverview {
  const { store } = sandbox
  const counts: Record<string, number> = {}
  for (const [name, value] of Object.entries(store)) {
    if (value && typeof value === 'object' && 'size' in value && typeof value.size === 'number')
      counts[name] = value.size
  }

  // Insertion order is creation order: keep the last ones in a ring while walking the map once.
  const ring: UpvestAccountGroupRecord[] = []
  let seen = 0
  for (const group of store.upvestAccountGroups.all()) ring[seen++ % NEWEST_ACCOUNT_GROUPS] = group
  const newest: SandboxOverview['accountGroups']['items'] = []
  for (let i = seen - 1; i >= Math.max(0, seen - NEWEST_ACCOUNT_GROUPS); i--) {
    const {
      client_id: _client,
      closure_reason: _reason,
      ...group
    } = ring[i % NEWEST_ACCOUNT_GROUPS] as UpvestAccountGroupRecord
    newest.push(group)
  }

  let budget = GROUP_TREE_NODES
  let truncated = false
  const visit = (group: AddeparGroup, path: Set<string>): GroupNode | null => {
    if (budget <= 0) {
      truncated = true
      return null
    }
    budget--
    const members = group.members.map((id) => {
      const entity = store.addeparEntities.get(id)
      return {
        id,
        name: entity ? (entity.display_name ?? entity.original_name) : '?',
        model_type: entity?.model_type ?? '?',
      }
    })
    const children: GroupNode[] = []
    for (const childId of group.child_groups) {
      const child = store.addeparGroups.get(childId)
      if (!child || path.has(childId)) continue
      const node = visit(child, new Set(path).add(childId))
      if (node) children.push(node)
    }
    return { id: group.id, name: group.name, group_type: group.group_type, members, children }
  }
  const firms = [...store.addeparFirms.all()].map((firm) => {
    const roots: GroupNode[] = []
    for (const group of store.indexes.groupsByFirm.list(firm.id)) {
      if (budget <= 0) {
        truncated = true
        break
      }
      if (store.indexes.groupParents.list(group.id).length > 0) continue
      const node = visit(group, new Set([group.id]))
      if (node) roots.push(node)
    }
    return { firm_id: firm.id, roots }
  })

  return {
    scenario: sandbox.scenario.name,
    seed: sandbox.seed,
    clock: { now: sandbox.clock.timestamp(), mode: sandbox.clock.mode },
    counts,
    faults: sandbox.faults.size,
    requests: sandbox.journal.size,
    accountGroups: { total: store.upvestAccountGroups.size, items: newest },
    groups: { total: store.addeparGroups.size, truncated, firms },
  }
}
