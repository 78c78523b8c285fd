import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import defaultScenario from '../../scenarios/default.json' with { type: 'json' }
import type { ScenarioInput } from '../../src/index.js'
import { type RunningServer, startServer } from '../../src/node.js'
import { type Curve, contentDigest, generateTestKey, sendWire, signWire, type TestKey } from '../support/rfc9421.js'
import { signedClientSuite } from '../support/signedClient.js'
import { startCli } from '../support/startCli.js'
import { upvestToken } from '../support/upvest.js'
import { ANNA, FULL } from '../support/upvestApi.js'

// Upvest's reference signers over HTTP: the local server must verify the request as the client sent it,
// `host` (127.0.0.1:<port>) and `content-length` included, not the request it rebuilds on the real origin.

/** The default scenario with the full-scope client's public key. */
function scenarioWithKey(key: TestKey): ScenarioInput {
  const scenario = structuredClone(defaultScenario)
  for (const client of scenario.upvest.clients) {
    if (client.id === FULL.id) Object.assign(client, { public_key: key.publicJwk })
  }
  return scenario as ScenarioInput
}

const running: RunningServer[] = []
afterAll(() => Promise.all(running.map((server) => server.close())))

describe('signed requests over HTTP to a server started with verifySignatures', () => {
  signedClientSuite(async (keys: Record<Curve, TestKey>) => {
    const targets = {} as Record<Curve, { base: string; reset(): Promise<void> }>
    for (const curve of ['P-256', 'P-521'] as const) {
      const server = await startServer({ port: 0, scenario: scenarioWithKey(keys[curve]), verifySignatures: true })
      running.push(server)
      targets[curve] = {
        base: server.url,
        reset: async () => {
          const response = await fetch(`${server.url}/__sandbox/reset`, { method: 'POST' })
          expect(response.status).toBe(200)
        },
      }
    }
    return targets
  })
})

describe('wealth-sandbox --verify-signatures', () => {
  it('accepts a signed create covering content-length and host, and refuses it unsigned', async () => {
    const key = generateTestKey('P-256')
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-signed-'))
    const file = join(dir, 'scenario.json')
    await writeFile(file, JSON.stringify(scenarioWithKey(key)))
    const { url } = await startCli(['--port', '0', '--scenario', file, '--verify-signatures'])
    const token = await upvestToken(url, 'accounts:admin')
    const body = JSON.stringify({ user_id: ANNA, type: 'ISA' })
    const request = {
      method: 'POST',
      url: `${url}/account_groups`,
      headers: {
        host: new URL(url).host,
        accept: 'application/json',
        authorization: `Bearer ${token}`,
        'upvest-client-id': FULL.id,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        'content-digest': contentDigest(body),
        'idempotency-key': crypto.randomUUID(),
      },
      body,
    }
    const components = ['@method', '@path', 'authorization', 'content-length', 'content-digest', 'host']
    const signed = await sendWire(signWire(request, key, { components }))
    expect(signed.status, signed.text).toBe(200)
    const unsigned = await sendWire({
      ...request,
      headers: { ...request.headers, 'idempotency-key': crypto.randomUUID() },
    })
    expect(unsigned.status).toBe(401)
  })
})
