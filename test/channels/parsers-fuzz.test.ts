import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decryptWecom, MalformedCiphertext } from '../../src/channels/wecom/cipher.ts'
import { MalformedPayload, parsePayload } from '../../src/channels/wecom/parse-payload.ts'
import { dingtalkHeaders, wecomJsonCallback, wecomQuery, wecomTextXml, wecomXmlCallback } from '../support/platform-requests.ts'
import { startTestApp, type TestApp } from '../support/test-app.ts'

const wecom = { token: 'fuzzToken', encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C', receiveId: 'wwfuzzcorp' }
const bot = { token: 'fuzzBot', encodingAesKey: '6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt', receiveId: '' }
const DINGTALK_SECRET = 'fuzz-secret'

/** A seeded generator, so a failure can be replayed from the seed in its message. */
function generator(seed: number) {
  let state = seed >>> 0 || 1
  const next = () => ((state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!
  return { next, pick, int: (max: number) => Math.floor(next() * max) }
}

/** Truncated, spliced, bit-flipped and random variants of a valid input. */
function mutations(valid: string, seed: number, count: number): string[] {
  const g = generator(seed)
  const alphabet = ['<', '>', '/', '"', '{', '}', '[', ']', ':', ',', '\\', '&', ';', 'A', '=', '+', ' ', '\u0000', '联', '\ud800', '<![CDATA[', ']]>', '<xml>', 'null', '1e999']
  const out: string[] = ['', ' ', '<', '{', '<xml>', '{}', '[]', 'null', '<xml></xml>']
  for (let i = 0; i < count; i++) {
    const kind = g.int(4)
    if (kind === 0) out.push(valid.slice(0, g.int(valid.length)))
    else if (kind === 1) out.push(valid.slice(g.int(valid.length)))
    else if (kind === 2) {
      const at = g.int(valid.length)
      out.push(valid.slice(0, at) + g.pick(alphabet) + valid.slice(at + g.int(3)))
    } else out.push(Array.from({ length: g.int(40) }, () => g.pick(alphabet)).join('') + (g.next() < 0.5 ? randomBytes(g.int(64)).toString('latin1') : ''))
  }
  return out
}

describe('callback parsers under random and truncated input', () => {
  const unhandled: unknown[] = []
  const onUnhandled = (reason: unknown) => unhandled.push(reason)
  let app: TestApp
  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled)
    app = await startTestApp({
      env: {
        WECOM_CORP_ID: wecom.receiveId,
        WECOM_TOKEN: wecom.token,
        WECOM_ENCODING_AES_KEY: wecom.encodingAesKey,
        WECOM_AGENT_ID: '1',
        WECOM_SECRET: 's',
        WECOM_API_BASE: 'http://127.0.0.1:9',
        WECOM_BOT_TOKEN: bot.token,
        WECOM_BOT_ENCODING_AES_KEY: bot.encodingAesKey,
        DINGTALK_APP_KEY: 'k',
        DINGTALK_APP_SECRET: DINGTALK_SECRET,
        DINGTALK_ROBOT_CODE: 'k',
        DINGTALK_API_BASE: 'http://127.0.0.1:9',
        DINGTALK_OAPI_BASE: 'http://127.0.0.1:9',
      },
      passiveBudgetMs: 0,
    })
  })
  afterAll(async () => {
    await app.close()
    process.off('unhandledRejection', onUnhandled)
  })

  it('parsePayload and decryptWecom only ever throw their own errors', () => {
    const xml = wecomTextXml({ corpId: 'c', from: 'u', content: '帮助', msgId: '1' })
    for (const input of [...mutations(xml, 1, 2000), ...mutations('{"ToUserName":"c","MsgId":4561255354251345929}', 2, 1000)]) {
      try {
        parsePayload(input)
      } catch (error) {
        expect(error, JSON.stringify(input)).toBeInstanceOf(MalformedPayload)
      }
    }
    const encrypted = wecomXmlCallback(wecom, xml).body.replace(/^.*CDATA\[(.*?)\]\].*$/, '$1')
    for (const input of mutations(encrypted, 3, 2000)) {
      try {
        decryptWecom(wecom.encodingAesKey, input)
      } catch (error) {
        expect(error, JSON.stringify(input)).toBeInstanceOf(MalformedCiphertext)
      }
    }
  })

  it('answers mangled callbacks with 4xx (or 200 when a mutation is still a valid message), never 500', async () => {
    const plaintext = wecomTextXml({ corpId: wecom.receiveId, from: 'fuzz', content: '帮助', msgId: '77' })
    const requests: Array<{ path: string; body: string; headers?: Record<string, string> }> = []
    // Bodies mangled but correctly signed: they reach the parsers behind the signature check.
    for (const body of mutations(plaintext, 4, 150)) {
      const signed = wecomXmlCallback(wecom, body)
      requests.push({ path: `/wecom/callback?${signed.query}`, body: signed.body })
    }
    for (const body of mutations(JSON.stringify({ msgid: 'm', chattype: 'single', from: { userid: 'u' }, msgtype: 'text', text: { content: 'x' } }), 5, 150)) {
      const signed = wecomJsonCallback(bot, body)
      requests.push({ path: `/wecom/bot?${signed.query}`, body: signed.body })
    }
    const valid = wecomXmlCallback(wecom, plaintext)
    for (const body of mutations(valid.body, 6, 150)) requests.push({ path: `/wecom/callback?${wecomQuery(wecom, body.replace(/^.*CDATA\[(.*?)\]\].*$/s, '$1'))}`, body })
    const dingtalk = JSON.stringify({ msgId: 'd', msgtype: 'text', createAt: 1, conversationType: '1', conversationId: 'c', senderId: 's', text: { content: 'x' } })
    for (const body of mutations(dingtalk, 7, 150)) requests.push({ path: '/dingtalk/robot', body, headers: dingtalkHeaders(DINGTALK_SECRET, Date.now()) })
    const statuses = new Map<number, number>()
    for (const request of requests) {
      const response = await fetch(`${app.url}${request.path}`, { method: 'POST', body: request.body, headers: request.headers ?? {} })
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1)
      expect(response.status, `${request.path} ${JSON.stringify(request.body)}`).toBeLessThan(500)
    }
    await app.inbox.idle()
    expect(statuses.get(400)).toBeGreaterThan(0)
    expect(unhandled).toEqual([])
  })
})
