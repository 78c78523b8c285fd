import { describe, expect, it } from 'vitest'
import { addeparOpenApi } from '../addepar/openapi/openapi.js'
import { upvestOpenApi } from '../upvest/openapi/openapi.js'
import { DriftChecker } from './DriftChecker.js'

const upvest = new DriftChecker('upvest', upvestOpenApi())
const addepar = new DriftChecker('addepar', addeparOpenApi())

const USER = {
  id: '83d83ec2-d2ca-49ff-bbea-b92b5c3be202',
  created_at: '2021-07-21T14:10:00Z',
  updated_at: '2021-07-21T14:10:00Z',
  first_name: 'Karl',
  last_name: 'Schmidt',
  birth_date: '1972-09-30',
  nationalities: ['DE'],
  email: 'karl.schmidt@example.com',
  address: { address_line1: 'Rosenweg 221', postcode: '45678', city: 'Berlin', country: 'DE' },
  status: 'ACTIVE',
}
const META = { offset: 0, limit: 100, count: 2, total_count: 2, sort: 'created_at', order: 'ASC' }
const JSON_HEADERS = { 'content-type': 'application/json', 'upvest-request-id': '169ae4c7-ebd7-4041-94da-25369653eba7' }
const answer = (status: number, body: unknown, headers: Record<string, string> = JSON_HEADERS) => ({
  status,
  headers: new Headers(headers),
  body: typeof body === 'string' ? body : JSON.stringify(body),
})

describe('DriftChecker', () => {
  it('finds nothing in an answer within the document', () => {
    expect(upvest.check('GET', '/users', answer(200, { meta: META, data: [USER, USER] }))).toEqual([])
  })

  it('names an extra field once per place, a renamed enum value and a missing field by JSON pointer', () => {
    const { email: _email, ...withoutEmail } = USER
    const findings = upvest.check(
      'GET',
      '/users',
      answer(200, {
        meta: META,
        data: [
          { ...USER, nickname: 'K' },
          { ...withoutEmail, nickname: 'C', status: 'DORMANT' },
        ],
      }),
    )
    expect(findings.map(({ kind, pointer, expected, seen }) => ({ kind, pointer, expected, seen }))).toEqual([
      { kind: 'field-extra', pointer: '/body/data/0/nickname', expected: 'absent', seen: 'string' },
      { kind: 'field-missing', pointer: '/body/data/1/email', expected: 'present', seen: 'absent' },
      {
        kind: 'enum-value',
        pointer: '/body/data/1/status',
        expected: '"ACTIVE" | "INACTIVE" | "OFFBOARDING" | "OFFBOARDED"',
        seen: '"DORMANT"',
      },
    ])
    expect(findings[0]).toMatchObject({ api: 'upvest', operation: 'list_users', method: 'GET', path: '/users' })
  })

  it('names an undocumented status, another media type and a missing required header', () => {
    expect(addepar.check('GET', '/v1/group_types', answer(201, { data: [] }))).toEqual([
      {
        api: 'addepar',
        operation: 'listGroupTypes',
        method: 'GET',
        path: '/v1/group_types',
        kind: 'status',
        pointer: '/status',
        expected: '200, 400, 401, 403, 429, 500',
        seen: '201',
      },
    ])
    expect(
      upvest.check(
        'GET',
        '/users/83d83ec2-d2ca-49ff-bbea-b92b5c3be202',
        answer(200, '<html/>', { 'content-type': 'text/html' }),
      ),
    ).toMatchObject([
      { kind: 'header-missing', pointer: '/headers/upvest-request-id' },
      { kind: 'media-type', pointer: '/headers/content-type', expected: 'application/json', seen: 'text/html' },
    ])
  })

  it('reports a value no branch of a nullable field fits as one type finding', () => {
    const findings = addepar.check(
      'GET',
      '/v1/groups',
      answer(200, { data: [], included: [], links: { next: 5 } }, { 'content-type': 'application/vnd.api+json' }),
    )
    expect(findings.map(({ kind, pointer, expected, seen }) => ({ kind, pointer, expected, seen }))).toEqual([
      { kind: 'type', pointer: '/body/links/next', expected: 'string | null', seen: 'integer' },
    ])
  })

  it('keeps no free text of the body, only its shape', () => {
    const findings = upvest.check('GET', '/users', answer(200, { meta: META, data: [{ ...USER, first_name: 'K' }] }))
    expect(findings).toMatchObject([{ kind: 'constraint', pointer: '/body/data/0/first_name', seen: 'string' }])
    expect(JSON.stringify(findings)).not.toContain('"K"')
  })
})
