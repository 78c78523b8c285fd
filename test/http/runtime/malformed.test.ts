import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServer, startServer } from '../../../src/node.js'
import { ADMIN_HEADERS } from '../../support/addepar.js'

// Requests Node's HTTP server turns away before the app sees them (docs/control-api.md#malformed-requests):
// each is answered in the format of the API its path names, with a body, and the connection closed.

let running: RunningServer
beforeAll(async () => {
  running = await startServer({ port: 0, scenario: 'default' })
})
afterAll(() => running.close())

interface RawAnswer {
  status: number
  headers: Record<string, string>
  body: string
  /** Whether the server closed the connection. */
  closed: boolean
  /** Statuses of the interim answers before it (`100 Continue`). */
  informational: number[]
}

/** Writes `text` to a fresh connection and reads the first answer, as a client without an HTTP library would. */
function raw(text: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(running.port, '127.0.0.1', () => socket.write(text))
    let received = ''
    const timer = setTimeout(() => finish(false), 3_000)
    const finish = (closed: boolean) => {
      clearTimeout(timer)
      socket.destroy()
      const informational = [...received.matchAll(/^HTTP\/1\.1 (1\d\d) [^\r]*\r\n\r\n/g)].map((m) => Number(m[1]))
      const [head = '', ...rest] = received.replace(/^(HTTP\/1\.1 1\d\d [^\r]*\r\n\r\n)+/, '').split('\r\n\r\n')
      const [line = '', ...fields] = head.split('\r\n')
      const headers = Object.fromEntries(
        fields.map((field) => [
          field.slice(0, field.indexOf(':')).toLowerCase(),
          field.slice(field.indexOf(':') + 1).trim(),
        ]),
      )
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(line)?.[1])
      if (!status) reject(new Error(`no answer: ${JSON.stringify(received)}`))
      else resolve({ status, headers, body: rest.join('\r\n\r\n'), closed, informational })
    }
    socket.setEncoding('latin1')
    socket.on('data', (chunk) => {
      received += chunk
    })
    socket.on('end', () => finish(true))
    socket.on('error', reject)
  })
}

function expectUpvestProblem(answer: RawAnswer, status: number, detail: RegExp) {
  expect(answer.status).toBe(status)
  expect(answer.closed).toBe(true)
  expect(answer.headers.connection).toBe('close')
  expect(answer.headers['content-type']).toBe('application/problem+json')
  expect(Number(answer.headers['content-length'])).toBe(Buffer.byteLength(answer.body, 'latin1'))
  const body = JSON.parse(answer.body)
  expect(Object.keys(body).sort()).toEqual(['detail', 'instance', 'request_id', 'status', 'title', 'type'])
  expect(body).toMatchObject({ status, request_id: answer.headers['upvest-request-id'] })
  expect(body.detail).toMatch(detail)
  return body
}

const basic = ADMIN_HEADERS.authorization

describe('requests Node refuses before the app', () => {
  it('a malformed request line: 400 problem+json', async () => {
    expectUpvestProblem(await raw('GARBAGE\r\n\r\n'), 400, /not valid HTTP/)
    const body = expectUpvestProblem(await raw('GET /account_groups HTTP/1.1 extra\r\n\r\n'), 400, /not valid HTTP/)
    expect(body.type).toBe('https://docs.upvest.co/errors/bad_request')
  })

  it('headers over 16 KiB: 431, in the format of the API the path names', async () => {
    const big = `x-big: ${'a'.repeat(20_000)}\r\n`
    const upvest = await raw(`GET /account_groups HTTP/1.1\r\nhost: 127.0.0.1\r\n${big}\r\n`)
    expect(expectUpvestProblem(upvest, 431, /16 KiB/)).toMatchObject({
      instance: '/account_groups',
      type: 'https://docs.upvest.co/errors/request_header_fields_too_large',
      title: 'Request Header Fields Too Large',
    })
    const addepar = await raw(`GET /api/v1/groups HTTP/1.1\r\nhost: 127.0.0.1\r\n${big}\r\n`)
    expect(addepar).toMatchObject({
      status: 431,
      closed: true,
      headers: { 'content-type': 'application/vnd.api+json' },
    })
    expect(JSON.parse(addepar.body).errors[0]).toMatchObject({ status: '431' })
    const control = await raw(`GET /__sandbox/info HTTP/1.1\r\nhost: 127.0.0.1\r\n${big}\r\n`)
    expect(control).toMatchObject({ status: 431, closed: true, headers: { 'content-type': 'application/json' } })
    expect(JSON.parse(control.body)).toEqual({ error: expect.stringContaining('16 KiB') })
  })

  it('an Expect other than 100-continue: 417; 100-continue itself goes on to the route', async () => {
    const request = (expect: string) =>
      `POST /api/v1/groups HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: ${basic}\r\naddepar-firm: 123\r\nconnection: close\r\n` +
      `expect: ${expect}\r\ncontent-type: application/vnd.api+json\r\ncontent-length: 2\r\n\r\n{}`
    const refused = await raw(request('magic'))
    expect(refused).toMatchObject({ status: 417, closed: true, headers: { connection: 'close' } })
    expect(JSON.parse(refused.body).errors[0]).toMatchObject({
      status: '417',
      detail: expect.stringContaining('magic'),
    })
    // Node answers 100 Continue first; the route then refuses the empty document in its own way.
    const continued = await raw(request('100-continue'))
    expect(continued).toMatchObject({ informational: [100], status: 400 })
    expect(JSON.parse(continued.body).errors[0].status).toBe('400')
  })

  it('CONNECT: 400, this is no proxy', async () => {
    const answer = await raw('CONNECT example.com:443 HTTP/1.1\r\nhost: example.com:443\r\n\r\n')
    expectUpvestProblem(answer, 400, /no proxy/)
  })

  it('HTTP/1.1 without Host: 400 in the API’s format, from the app rather than a bodiless one from Node', async () => {
    const answer = await raw('GET /api/v1/groups/5 HTTP/1.1\r\nconnection: close\r\n\r\n')
    expect(answer).toMatchObject({ status: 400, headers: { 'content-type': 'application/vnd.api+json' } })
    expect(JSON.parse(answer.body).errors[0].detail).toMatch(/^host: /)
  })
})
