import { describe, expect, it, vi } from 'vitest'
import { createSandbox } from '../../index.js'
import { toGroupResource } from '../resources/toGroupResource.js'
import { resourceJson } from './resourceJson.js'

describe('resourceJson', () => {
  it('serialises the full resource once per record version, and sparse fieldsets every time', async () => {
    const { store } = await createSandbox()
    const toResource = vi.fn(toGroupResource)
    const group = store.addeparGroups.get('5')!
    const json = resourceJson(group, toResource)
    expect(JSON.parse(json)).toEqual(toGroupResource(group))
    expect(resourceJson(group, toResource)).toBe(json)
    expect(toResource).toHaveBeenCalledTimes(1)

    expect(JSON.parse(resourceJson(group, toResource, ['name'])).attributes).toEqual({ name: 'Group 1' })
    expect(toResource).toHaveBeenCalledTimes(2)

    // An update replaces the record, so the next read serialises the new version.
    const renamed = await store.addeparGroups.update('5', (draft) => {
      draft.name = 'Renamed'
    })
    expect(JSON.parse(resourceJson(renamed, toResource)).attributes.name).toBe('Renamed')
    expect(JSON.parse(resourceJson(group, toResource)).attributes.name).toBe('Group 1')
  })
})
