import type { AccountGroup, UpvestAccountGroupRecord } from '../../store/schemas.js'

/** The seven public fields of a stored account group, in the documented order. */
export function toAccountGroup(record: UpvestAccountGroupRecord): AccountGroup {
  return {
    id: record.id,
    created_at: record.created_at,
    updated_at: record.updated_at,
    type: record.type,
    status: record.status,
    users: record.users,
    securities_account_number: record.securities_account_number,
  }
}
