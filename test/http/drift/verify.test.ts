import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyReport } from '../../../src/drift/verifyReport.js'
import { type RunningServer, startServer } from '../../../src/node.js'
import { runCli } from '../../support/runCli.js'
import { FULL_CLIENT } from '../../support/upvest.js'
import { startDriftedUpstream, type Upstream } from './upstreams.js'

let faithful: RunningServer
let drifted: Upstream

beforeAll(async () => {
  faithful = await startServer({ port: 0, scenario: 'default' })
  drifted = await startDriftedUpstream(faithful.url)
})
afterAll(async () => {
  await drifted?.close()
  await faithful?.close()
})

/** The default scenario's admin credentials, as a team would hold its real ones: in the environment. */
const credentials = {
  ...process.env,
  UPVEST_CLIENT_ID: FULL_CLIENT.id,
  UPVEST_CLIENT_SECRET: FULL_CLIENT.secret,
  ADDEPAR_API_KEY: 'sandbox-admin-key',
  ADDEPAR_API_SECRET: 'sandbox-admin-secret',
  ADDEPAR_FIRM: '123',
}

async function verify(upstream: string) {
  const report = join(await mkdtemp(join(tmpdir(), 'sandbox-verify-')), 'report.json')
  const run = await runCli(
    ['verify', '--upvest-upstream', upstream, '--addepar-upstream', `${upstream}/api`, '--report', report],
    credentials,
  )
  return { ...run, report: verifyReport.parse(JSON.parse(await readFile(report, 'utf8'))) }
}

describe('wealth-sandbox verify', () => {
  it('reports no drift against a faithful upstream, exits 0, and leaves nothing behind but a closed account group', async () => {
    const groupsBefore = [...faithful.sandbox.store.addeparGroups.all()].length
    const { code, stdout, stderr, report } = await verify(faithful.url)
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(report.drift).toBe(0)
    expect(report.errors).toBe(0)
    expect(
      report.steps.map((step) => `${step.method} ${step.path} ${step.sandbox.status} ${step.upstream.status}`),
    ).toEqual([
      'POST /auth/token 200 200',
      'GET /users 200 200',
      'GET /users/{user_id} 200 200',
      'POST /account_groups 200 200',
      'GET /account_groups/{account_group_id} 200 200',
      'DELETE /account_groups/{account_group_id} 202 202',
      'GET /v1/group_types 200 200',
      'GET /v1/entities 200 200',
      'GET /v1/entities/{id} 200 200',
      'GET /v1/groups 200 200',
      'POST /v1/groups 201 201',
      'POST /v1/groups 201 201',
      'POST /v1/groups/{id}/relationships/members 204 204',
      'DELETE /v1/groups/{id}/relationships/members 204 204',
      'POST /v1/groups/{id}/relationships/child_groups 204 204',
      'GET /v1/groups/{id} 200 200',
      'GET /v1/groups/{id}/members 200 200',
      'GET /v1/groups/{id}/child_groups 200 200',
      'DELETE /v1/groups/{id}/relationships/child_groups 204 204',
      'DELETE /v1/groups/{id} 204 204',
      'DELETE /v1/groups/{id} 204 204',
    ])
    expect(stdout).toContain('no drift')
    expect(stdout).not.toContain(FULL_CLIENT.secret)
    // It created two groups and deleted them; the account group it created is closing.
    expect([...faithful.sandbox.store.addeparGroups.all()].length).toBe(groupsBefore)
    const made = [...faithful.sandbox.store.upvestAccountGroups.all()].filter((group) => group.type === 'LEGAL_ENTITY')
    expect(made.filter((group) => group.status === 'ACTIVE').map((group) => group.id)).toEqual([
      '1a0b6c3e-5f4d-4c2b-8a9e-0d1f2e3c4b5a',
    ])
  })

  it('names each planted difference of a drifted upstream and exits 1', async () => {
    const { code, stdout, report } = await verify(drifted.url)
    expect(code).toBe(1)
    expect(report.errors).toBe(0)
    const found = report.steps.flatMap((step) =>
      step.findings.map((finding) => `${step.step}: ${finding.kind} ${finding.pointer} ${finding.seen}`),
    )
    expect(found).toEqual([
      'list users: field-extra /body/data/0/nickname string',
      'create an account group: enum-value /body/status "ENABLED"',
      'read the account group: enum-value /body/status "ENABLED"',
      'list group types: status /status 201',
    ])
    expect(report.drift).toBe(4)
    expect(report.steps.find((step) => step.step === 'list group types')?.findings[0]?.expected).toMatch(/^200 /)
    expect(stdout).toContain('field-extra list_users /body/data/0/nickname: expected absent, seen string')
    expect(stdout).toContain('status listGroupTypes /status: expected 200')
  })

  it('refuses to run without the credentials of an upstream it is given, naming the variables', async () => {
    const { code, stderr } = await runCli(['verify', '--addepar-upstream', `${faithful.url}/api`], {
      ...process.env,
      ADDEPAR_API_KEY: '',
    })
    expect(code).toBe(2)
    expect(stderr).toContain('ADDEPAR_API_KEY, ADDEPAR_API_SECRET and ADDEPAR_FIRM')
  })
})
