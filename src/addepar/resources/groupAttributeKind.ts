const EXTERNAL_ID = /^external_id_[A-Za-z0-9_]+$/
const CUSTOM = /^_custom_[A-Za-z0-9_]+_[0-9]+$/

/**
 * What a group attribute name stands for: one of the three standard attributes, an external id
 * (`external_id_<key>`), a custom attribute (`_custom_<name>_<id>`), or nothing Addepar knows.
 */
export function groupAttributeKind(name: string): 'standard' | 'external_id' | 'custom' | undefined {
  if (name === 'name' || name === 'created_at' || name === 'modified_at') return 'standard'
  if (EXTERNAL_ID.test(name)) return 'external_id'
  if (CUSTOM.test(name)) return 'custom'
  return undefined
}
