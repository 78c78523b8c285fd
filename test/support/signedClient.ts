import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  type Curve,
  contentDigest,
  generateTestKey,
  type SignOptions,
  sendWire,
  signWire,
  type TestKey,
  type WireRequest,
} from './rfc9421.js'
import { upvestToken } from './upvest.js'
import { ANNA, FULL } from './upvestApi.js'

/** What Upvest's reference signers cover, each where the request has it. */
const COVERED = [
  '@method',
  '@path',
  '@query',
  'authorization',
  'content-length',
  'content-digest',
  'host',
  'idempotency-key',
] as const

export interface SignedTarget {
  /** Where the client sends its requests: the real origin in-process, `http://127.0.0.1:<port>` over HTTP. */
  base: string
  /** Back to the seeded state between tests. */
  reset(): Promise<void>
}

interface Call {
  token: string
  body?: unknown
  idempotencyKey?: string
}

/**
 * A request as a signing client builds it before it signs: the `host` and `content-length` it will send
 * (`Content-Length: 0` on a DELETE, as Python's HTTP libraries do), a digest for a body, and a key on POST.
 */
function build(base: string, method: string, path: string, call: Call): WireRequest {
  const body = call.body === undefined ? undefined : JSON.stringify(call.body)
  const headers: Record<string, string> = {
    host: new URL(base).host,
    accept: 'application/json',
    authorization: `Bearer ${call.token}`,
    'upvest-client-id': FULL.id,
    'upvest-api-version': '1',
  }
  if (body !== undefined) {
    headers['content-type'] = 'application/json'
    headers['content-digest'] = contentDigest(body)
    headers['content-length'] = String(Buffer.byteLength(body))
  } else if (method !== 'GET') {
    headers['content-length'] = '0'
  }
  if (method === 'POST') headers['idempotency-key'] = call.idempotencyKey ?? crypto.randomUUID()
  return { method, url: `${base}${path}`, headers, body }
}

const covering = (request: WireRequest, extra: Partial<SignOptions> = {}): SignOptions => ({
  components: COVERED.filter((name) => name.startsWith('@') || request.headers[name] !== undefined),
  ...extra,
})

/**
 * Signed requests with every component Upvest's signers cover (`content-length` and `host` included), for
 * a P-256 and a P-521 client key: create, replay, the 422 of a reused key, a closure, a GET with a query,
 * and tampered requests that must answer 401.
 */
export function signedClientSuite(start: (publicKeys: Record<Curve, TestKey>) => Promise<Record<Curve, SignedTarget>>) {
  const keys = { 'P-256': generateTestKey('P-256'), 'P-521': generateTestKey('P-521') }
  let targets: Record<Curve, SignedTarget>
  beforeAll(async () => {
    targets = await start(keys)
  })

  describe.each(['P-256', 'P-521'] as const)('a client signing with an EC %s key (ECDSA, SHA-512)', (curve) => {
    const key = keys[curve]
    let base: string
    let token: string
    beforeEach(async () => {
      await targets[curve].reset()
      base = targets[curve].base
      token = await upvestToken(base, 'accounts:admin accounts:read')
    })
    const send = (request: WireRequest, options: Partial<SignOptions> = {}) =>
      sendWire(signWire(request, key, covering(request, options)))

    it('creates an account group, replays it for the same idempotency key, and answers 422 for another body', async () => {
      const idempotencyKey = crypto.randomUUID()
      const body = { user_id: ANNA, type: 'ISA' }
      const created = await send(build(base, 'POST', '/account_groups', { token, body, idempotencyKey }))
      expect(created.status, created.text).toBe(200)
      const group = JSON.parse(created.text)
      expect(group).toMatchObject({ type: 'ISA', status: 'ACTIVE', users: [{ id: ANNA, type: 'OWNER' }] })

      const replay = await send(build(base, 'POST', '/account_groups', { token, body, idempotencyKey }), {
        encoding: 'raw',
      })
      expect(replay.status, replay.text).toBe(200)
      expect(JSON.parse(replay.text)).toEqual(group)

      const reused = await send(
        build(base, 'POST', '/account_groups', { token, body: { ...body, type: 'CHILD' }, idempotencyKey }),
      )
      expect(reused.status, reused.text).toBe(422)
      expect(reused.headers['content-type']).toBe('application/problem+json')
    })

    it('closes an account group with a DELETE that sends and covers Content-Length: 0 and a query', async () => {
      const created = await send(
        build(base, 'POST', '/account_groups', { token, body: { user_id: ANNA, type: 'ISA' } }),
      )
      const { id } = JSON.parse(created.text) as { id: string }
      const closure = build(base, 'DELETE', `/account_groups/${id}?closure_reason=user_initiated`, { token })
      expect(closure.headers['content-length']).toBe('0')
      const closed = await send(closure)
      expect(closed.status, closed.text).toBe(202)
      expect(closed.text).toBe('')
      const read = await send(build(base, 'GET', `/account_groups/${id}`, { token }))
      expect(JSON.parse(read.text)).toMatchObject({ id, status: 'CLOSING' })
    })

    it('reads a list with a query, @query and host covered', async () => {
      const list = await send(build(base, 'GET', '/account_groups?limit=2&order=DESC', { token }))
      expect(list.status, list.text).toBe(200)
      expect(JSON.parse(list.text).meta).toMatchObject({ limit: 2, order: 'DESC', count: 2 })
    })

    it('answers 401 "Signature is incorrect" for a request changed after signing', async () => {
      const post = () => build(base, 'POST', '/account_groups', { token, body: { user_id: ANNA, type: 'ISA' } })
      const otherBody = JSON.stringify({ user_id: ANNA, type: 'CHILD' })
      const sign = (request: WireRequest, options: Partial<SignOptions> = {}) =>
        signWire(request, key, covering(request, options))
      const sent = (request: WireRequest, change: Partial<WireRequest>, headers: Record<string, string> = {}) =>
        sendWire({ ...request, ...change, headers: { ...request.headers, ...headers } })

      const signedPost = sign(post())
      const cases: [string, Promise<{ status: number; text: string }>][] = [
        // Another body under the signed digest.
        ['body', sent(signedPost, { body: otherBody }, { 'content-length': String(Buffer.byteLength(otherBody)) })],
        // Another body with its own digest: the signature covers the old digest.
        [
          'body and digest',
          sent(
            signedPost,
            { body: otherBody },
            { 'content-digest': contentDigest(otherBody), 'content-length': String(Buffer.byteLength(otherBody)) },
          ),
        ],
        // The signer covered a content-length other than the one sent.
        ['content-length', sendWire(sign(post(), { pretend: { 'content-length': '999' } }))],
        // The signer covered another host than the one the request went to.
        ['host', sendWire(sign(post(), { pretend: { host: 'sandbox.upvest.co:8443' } }))],
        // The query changed after signing.
        [
          'query',
          (() => {
            const list = sign(build(base, 'GET', '/account_groups?limit=2', { token }))
            return sent(list, { url: `${base}/account_groups?limit=3` })
          })(),
        ],
        // A closure whose Content-Length: 0 was covered as another length.
        [
          'closure content-length',
          sendWire(
            sign(build(base, 'DELETE', '/account_groups/9d95820d-4333-46b6-98de-04ab7512e76f', { token }), {
              pretend: { 'content-length': '2' },
            }),
          ),
        ],
      ]
      for (const [name, response] of cases) {
        const { status, text } = await response
        expect([name, status]).toEqual([name, 401])
        expect(JSON.parse(text)).toMatchObject({ status: 401, detail: 'Signature is incorrect' })
      }
      const list = await send(build(base, 'GET', '/account_groups?limit=100', { token }))
      expect(JSON.parse(list.text).meta.total_count).toBe(5)
    })
  })
}
