import { decrypt, encrypt } from '@wecom/crypto'
import { describe, expect, it } from 'vitest'
import { decryptWecom, encryptWecom, MalformedCiphertext } from '../../../src/channels/wecom/cipher.ts'
import { verifyWecomSignature, wecomSignature } from '../../../src/channels/wecom/verify.ts'

// Official vectors, platforms.md §1.6 and §5.
const A = {
  token: 'QDG6eK',
  key: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  corpId: 'wx5823bf96d3bd56c7',
  get: { signature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3', timestamp: '1409659589', nonce: '263014780', echostr: 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==', plain: '1616140317555161061' },
  post: {
    signature: '477715d11cdb4164915debcba66cb864d751f3e6',
    timestamp: '1409659813',
    nonce: '1372623149',
    encrypt:
      'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==',
    plain:
      '<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>\n<FromUserName><![CDATA[mycreate]]></FromUserName>\n<CreateTime>1409659813</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[hello]]></Content>\n<MsgId>4561255354251345929</MsgId>\n<AgentID>218</AgentID>\n</xml>',
  },
}
const B = {
  token: 'hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo',
  key: '6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt',
  corpId: 'ww1436e0e65a779aee',
  get: { signature: '012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb', timestamp: '1476416373', nonce: '47744683', echostr: 'fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhnFyq6SVHyA==', plain: '1288432023552776189' },
}
const D = {
  key: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  id: 'wxb11529c136998cb6',
  random: 'aaaabbbbccccdddd',
  message: '我是中文abcd123',
  encrypted: 'jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==',
}
const DINGTALK = {
  token: '123456',
  key: '4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij',
  id: 'suite4xxxxxxxxxxxxxxx',
  signature: '5a65ceeef9aab2d149439f82dc191dd6c5cbe2c0',
  timestamp: '1445827045067',
  nonce: 'nEXhMP4r',
  encrypt:
    '1a3NBxmCFwkCJvfoQ7WhJHB+iX3qHPsc9JbaDznE1i03peOk1LaOQoRz3+nlyGNhwmwJ3vDMG+OzrHMeiZI7gTRWVdUBmfxjZ8Ej23JVYa9VrYeJ5as7XM/ZpulX8NEQis44w53h1qAgnC3PRzM7Zc/D6Ibr0rgUathB6zRHP8PYrfgnNOS9PhSBdHlegK+AGGanfwjXuQ9+0pZcy0w9lQ==',
  plain: '{"EventType":"check_create_suite_url","Random":"LPIdSnlF","TestSuiteKey":"suite4xxxxxxxxxxxxxxx"}',
}

describe('WeCom signature', () => {
  it.each([
    ['A GET', A.token, A.get.timestamp, A.get.nonce, A.get.echostr, A.get.signature],
    ['A POST', A.token, A.post.timestamp, A.post.nonce, A.post.encrypt, A.post.signature],
    ['B GET', B.token, B.get.timestamp, B.get.nonce, B.get.echostr, B.get.signature],
    ['DingTalk event', DINGTALK.token, DINGTALK.timestamp, DINGTALK.nonce, DINGTALK.encrypt, DINGTALK.signature],
  ])('recomputes the official %s signature', (_, token, timestamp, nonce, encrypted, signature) => {
    expect(wecomSignature({ token, timestamp, nonce, encrypted })).toBe(signature)
    expect(verifyWecomSignature({ token, timestamp, nonce, encrypted }, signature)).toBe(true)
    expect(verifyWecomSignature({ token, timestamp, nonce, encrypted }, signature.replace(/^./, (c) => (c === '0' ? '1' : '0')))).toBe(false)
    expect(verifyWecomSignature({ token, timestamp, nonce, encrypted }, signature.slice(1))).toBe(false)
  })
})

describe('decryptWecom', () => {
  it.each([
    ['A GET', A.key, A.get.echostr, A.get.plain, A.corpId],
    ['A POST (pad byte 30)', A.key, A.post.encrypt, A.post.plain, A.corpId],
    ['B GET', B.key, B.get.echostr, B.get.plain, B.corpId],
    ['D (CJK, bytes not characters)', D.key, D.encrypted, D.message, D.id],
    ['DingTalk event', DINGTALK.key, DINGTALK.encrypt, DINGTALK.plain, DINGTALK.id],
  ])('opens the official vector %s', (_, key, encrypted, message, receiveId) => {
    expect(decryptWecom(key, encrypted)).toEqual({ message, receiveId })
  })

  it('encrypts vector D byte for byte', () => {
    expect(encryptWecom(D.key, D.message, D.id, Buffer.from(D.random))).toBe(D.encrypted)
  })

  it('agrees with @wecom/crypto both ways on fresh messages', () => {
    for (const message of ['', 'x', '帮助', '联'.repeat(500), '<xml>]]></xml>']) {
      const ours = encryptWecom(A.key, message, A.corpId)
      expect(decrypt(A.key, ours)).toMatchObject({ message, id: A.corpId })
      expect(decryptWecom(A.key, encrypt(A.key, message, ''))).toEqual({ message, receiveId: '' })
    }
  })

  it.each([
    ['not Base64', 'not base64!'],
    ['empty', ''],
    ['length not a multiple of 32 bytes', Buffer.alloc(48).toString('base64')],
    ['bad padding (wrong key)', encryptWecom(B.key, 'hello', B.corpId, Buffer.alloc(16))],
    ['truncated', A.post.encrypt.slice(0, 44)],
  ])('refuses ciphertext that is %s', (_, encrypted) => {
    expect(() => decryptWecom(A.key, encrypted)).toThrow(MalformedCiphertext)
  })
})
