import type { AddeparGroup } from '../../store/schemas.js'
import type { AddeparContext } from '../routes/createContext.js'

export type GroupChanges = Partial<
  Pick<AddeparGroup, 'name' | 'group_type' | 'members' | 'child_groups' | 'extra_attributes'>
>

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((id, i) => id === b[i])

function differs(group: AddeparGroup, changes: GroupChanges): boolean {
  return (
    (changes.name !== undefined && changes.name !== group.name) ||
    (changes.group_type !== undefined && changes.group_type !== group.group_type) ||
    (changes.members !== undefined && !sameList(changes.members, group.members)) ||
    (changes.child_groups !== undefined && !sameList(changes.child_groups, group.child_groups)) ||
    (changes.extra_attributes !== undefined &&
      JSON.stringify(changes.extra_attributes) !== JSON.stringify(group.extra_attributes))
  )
}

/**
 * Writes the changes to a group and moves `modified_at` to now (docs/addepar.md#modified-at), relationship changes included.
 * A write that changes nothing leaves the group, and its `modified_at`, as they were.
 */
export async function saveGroup(
  ctx: AddeparContext,
  group: AddeparGroup,
  changes: GroupChanges,
): Promise<AddeparGroup> {
  if (!differs(group, changes)) return group
  const modifiedAt = ctx.now()
  return ctx.store.addeparGroups.update(group.id, (draft) => {
    for (const [key, value] of Object.entries(changes)) if (value !== undefined) Object.assign(draft, { [key]: value })
    draft.modified_at = modifiedAt
  })
}
