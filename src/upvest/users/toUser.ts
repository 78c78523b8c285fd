import type { UpvestUser } from '../../store/schemas.js'
import type { User } from '../resources.js'

/** The minimal TOL user (docs/upvest.md#users): the stored user without its tenant. */
export function toUser(record: UpvestUser): User {
  return {
    id: record.id,
    created_at: record.created_at,
    updated_at: record.updated_at,
    first_name: record.first_name,
    last_name: record.last_name,
    birth_date: record.birth_date,
    nationalities: record.nationalities,
    email: record.email,
    address: record.address,
    status: record.status,
  }
}
