import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createSandbox, parseScenario, ScenarioError, type ScenarioInput } from '../../../src/index.js'
import { loadScenarioFile } from '../../../src/node.js'

const credentials: Pick<ScenarioInput, 'upvest' | 'addepar'> = {
  upvest: {
    clients: [{ id: '2f5a3c1e-8b4d-4e6f-9a7b-1c2d3e4f5a6b', name: 'c', client_secret: 's', scopes: ['accounts:read'] }],
  },
  addepar: { firms: [{ id: '1', name: 'f' }] },
}

describe('built-in scenarios', () => {
  it('default holds the documented examples of both API pages and a realistic set', async () => {
    const { store } = await createSandbox()
    const documented = store.upvestAccountGroups.get('9d95820d-4333-46b6-98de-04ab7512e76f')
    expect(documented).toMatchObject({
      created_at: '2020-08-24T14:15:22Z',
      type: 'PERSONAL',
      status: 'ACTIVE',
      users: [{ id: '413715f2-5401-4b97-8055-034a6b879f8c', type: 'OWNER' }],
      securities_account_number: '123456789',
    })
    const clients = [...store.upvestClients.all()]
    expect(clients.map((c) => c.scopes.length)).toEqual([6, 3])
    expect(clients[1]?.scopes.every((s) => s.endsWith(':read'))).toBe(true)
    expect(store.upvestUsers.size).toBe(3)
    const groups = [...store.upvestAccountGroups.all()]
    expect(groups.length).toBeGreaterThanOrEqual(5)
    expect(new Set(groups.map((g) => g.status))).toEqual(new Set(['ACTIVE', 'PENDING_APPROVAL', 'CLOSED', 'LOCKED']))
    expect(new Set(groups.map((g) => g.type)).size).toBeGreaterThanOrEqual(4)

    for (const id of ['100', '101', '5']) expect(store.addeparGroups.has(id)).toBe(true)
    for (const id of ['200', '204', '2000001', '2000002']) expect(store.addeparEntities.has(id)).toBe(true)
    expect(store.addeparGroups.get('101')).toMatchObject({
      name: 'Group 2',
      group_type: 'HH_GROUPS',
      members: ['102', '289', '349', '438'],
      child_groups: ['102'],
    })
    // A three-level child tree: 5 -> 6 -> 7.
    expect(store.addeparGroups.get('5')?.child_groups).toEqual(['6'])
    expect(store.addeparGroups.get('6')?.child_groups).toEqual(['7'])
    expect([...store.addeparGroupTypes.all()].map((t) => t.group_type_key).sort()).toEqual(['GROUPS', 'HH_GROUPS'])
    const modelTypes = new Set([...store.addeparEntities.all()].map((e) => e.model_type))
    for (const t of ['PERSON_NODE', 'MANAGED_PARTNERSHIP', 'TRUST', 'HOLDING_COMPANY', 'FINANCIAL_ACCOUNT', 'STOCK']) {
      expect(modelTypes).toContain(t)
    }
    expect(store.addeparEntities.size).toBe(20)
    expect(store.addeparGroups.size).toBe(10)
    const [admin, limited] = [...store.addeparUsers.all()]
    expect(admin?.permissions).toMatchObject({ manage_groups: true, portfolio_access: 'all' })
    expect(admin?.tokens.map((t) => t.scopes)).toEqual([['GROUPS'], ['GROUPS_WRITE'], ['ENTITIES']])
    expect(limited?.permissions.manage_groups).toBe(false)
    expect(Array.isArray(limited?.permissions.portfolio_access)).toBe(true)
  })

  it('empty has credentials and no data', async () => {
    const { store } = await createSandbox({ scenario: 'empty' })
    expect(store.upvestClients.size).toBe(2)
    expect(store.addeparUsers.size).toBe(2)
    expect(store.upvestAccountGroups.size + store.upvestUsers.size).toBe(0)
    expect(store.addeparGroups.size + store.addeparEntities.size).toBe(0)
  })

  it('the same scenario and seed give byte-identical data; another seed other generated data', async () => {
    const a = await createSandbox({ scenario: 'households' })
    const b = await createSandbox({ scenario: 'households' })
    const c = await createSandbox({ scenario: 'households', seed: 2 })
    expect(a.store.addeparGroups.size).toBe(300)
    expect(a.store.upvestAccountGroups.size).toBe(400)
    const json = JSON.stringify(a.store.snapshot())
    expect(JSON.stringify(b.store.snapshot())).toBe(json)
    expect(JSON.stringify(c.store.snapshot())).not.toBe(json)
  })
})

describe('scenario validation', () => {
  it('names the source, the path inside it and the problem', () => {
    const bad = { name: 'x', upvest: { clients: [{ id: 'not-a-uuid', name: 'c', client_secret: 's', scopes: [] }] } }
    expect(() => parseScenario(bad, 'my.json')).toThrow(ScenarioError)
    expect(() => parseScenario(bad, 'my.json')).toThrow(/my\.json: invalid scenario\n {2}at upvest\.clients\[0\]\.id: /)
    expect(() => parseScenario({ name: 'x', surprise: 1 }, 'my.json')).toThrow(
      /at \(root\): Unrecognized key: "surprise"/,
    )
  })

  it('refuses references to records that do not exist, naming where', async () => {
    const scenario: ScenarioInput = {
      name: 'broken',
      ...credentials,
      addepar: {
        ...credentials.addepar,
        entities: [{ id: '1', original_name: 'A Stock', model_type: 'STOCK' }],
        groups: [
          { id: '1', name: 'ok', group_type: 'GROUPS' },
          { id: '2', name: 'bad', group_type: 'GROUPS', members: ['1'] },
        ],
      },
    }
    await expect(createSandbox({ scenario })).rejects.toThrow(
      /at addepar\.groups\[1\]\.members\[0\]: group 2: entity 1 is a STOCK, not a member model type/,
    )
    await expect(createSandbox({ scenario: { name: 'x', include: ['nope'] } })).rejects.toThrow(
      /at include\[0\]: unknown fixture "nope"/,
    )
    await expect(
      createSandbox({
        scenario: {
          name: 'x',
          ...credentials,
          upvest: {
            ...credentials.upvest,
            accountGroups: [
              {
                id: '9d95820d-4333-46b6-98de-04ab7512e76f',
                type: 'ISA',
                users: [{ id: '413715f2-5401-4b97-8055-034a6b879f8c', type: 'OWNER' }],
              },
            ],
          },
        },
      }),
    ).rejects.toThrow(/at upvest\.accountGroups\[0\]\.users\[0\]\.id: unknown user/)
    await expect(createSandbox({ scenario: 'nope' })).rejects.toThrow(/unknown scenario "nope"/)
  })

  it('loads scenario files and names the file in every error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scenario-'))
    const good = join(dir, 'good.json')
    await writeFile(good, JSON.stringify({ name: 'mine', ...credentials }))
    expect((await loadScenarioFile(good)).name).toBe('mine')
    const notJson = join(dir, 'broken.json')
    await writeFile(notJson, '{"name":')
    await expect(loadScenarioFile(notJson)).rejects.toThrow(`${notJson}: not valid JSON`)
    const invalid = join(dir, 'invalid.json')
    await writeFile(invalid, JSON.stringify({ name: 'x', seed: 'one' }))
    await expect(loadScenarioFile(invalid)).rejects.toThrow(new RegExp(`${invalid}: invalid scenario\\n {2}at seed: `))
    await expect(loadScenarioFile(join(dir, 'missing.json'))).rejects.toThrow(/cannot read scenario file \(ENOENT\)/)
  })
})
