import { describe, expect, it } from 'vitest'
import { redactBody } from './redactBody.js'
import { redactHeaders } from './redactHeaders.js'

describe('what proxy mode keeps of an exchange', () => {
  it('keeps the shape of a JSON body, the field names of a form, the length of anything else', () => {
    expect(redactBody('{"data":[{"id":"5","n":1.5,"ok":true,"x":null}],"links":{}}', 'application/json')).toBe(
      '{"data":[{"id":"string","n":"number","ok":"boolean","x":"null"}],"links":{}}',
    )
    expect(redactBody('client_id=c&client_secret=s3cret', 'application/x-www-form-urlencoded')).toBe(
      '{"client_id":"string","client_secret":"string"}',
    )
    expect(redactBody('<h1>down</h1>', 'text/html')).toBe('(13 characters, not JSON)')
    expect(redactBody('', null)).toBeNull()
  })

  it('keeps every header name and only harmless values', () => {
    expect(
      redactHeaders([
        ['Authorization', 'Basic a2V5OnNlY3JldA=='],
        ['upvest-client-id', '2f5a3c1e'],
        ['content-type', 'application/json'],
        ['x-custom', 'who knows'],
      ]),
    ).toEqual({
      authorization: '[redacted]',
      'upvest-client-id': '[redacted]',
      'content-type': 'application/json',
      'x-custom': '[redacted]',
    })
  })
})
