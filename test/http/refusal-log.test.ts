import { randomUUID } from 'node:crypto'
import { Writable } from 'node:stream'
import pino from 'pino'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config/load-config.ts'
import { startLiaison, type RunningLiaison } from '../../src/main.ts'
import type { Store } from '../../src/store/open-store.ts'
import { dingtalkHeaders, wecomJsonCallback, wecomTextXml, wecomXmlCallback } from '../support/platform-requests.ts'
import { openTestStore } from '../support/test-store.ts'

// A refused request is logged once, saying why, and never with a credential in it. The logger is
// a plain pino logger writing into memory (createLogger writes to a file descriptor only), without
// redaction: what is proved is that the code never puts a secret in a log line at all.
const SECRETS = {
  WECOM_TOKEN: 'wecomCallbackToken42',
  WECOM_ENCODING_AES_KEY: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  WECOM_SECRET: 'wecom-app-secret-value',
  WECOM_BOT_TOKEN: 'wecomBotToken42',
  WECOM_BOT_ENCODING_AES_KEY: 'ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut',
  DINGTALK_APP_SECRET: 'dingtalk-app-secret-value',
}
const CORP_ID = 'wwliaisoncorp'
const appKeys = { token: SECRETS.WECOM_TOKEN, encodingAesKey: SECRETS.WECOM_ENCODING_AES_KEY, receiveId: CORP_ID }
const botKeys = { token: SECRETS.WECOM_BOT_TOKEN, encodingAesKey: SECRETS.WECOM_BOT_ENCODING_AES_KEY, receiveId: '' }

interface LogLine {
  readonly level: number
  readonly msg: string
  readonly [field: string]: unknown
}

const WARN = 40

describe('refused requests in the log', () => {
  const lines: LogLine[] = []
  const raw: string[] = []
  let store: Store
  let running: RunningLiaison
  let url: string
  beforeAll(async () => {
    const memory = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
          raw.push(line)
          lines.push(JSON.parse(line) as LogLine)
        }
        done()
      },
    })
    // Debug: a secret must not show at any level.
    const log = pino({ level: 'debug' }, memory)
    const config = loadConfig({
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      JOBS: 'off',
      LOCAL_CHAT: 'off',
      WECOM_CORP_ID: CORP_ID,
      WECOM_AGENT_ID: '1000002',
      DINGTALK_APP_KEY: 'dingappkey',
      DINGTALK_ROBOT_CODE: 'dingrobotcode',
      ...SECRETS,
    })
    store = await openTestStore()
    running = await startLiaison(config, log, { store })
    url = running.url.replace('localhost', '127.0.0.1')
  })
  beforeEach(() => {
    lines.length = 0
  })
  afterAll(async () => {
    await running.stop()
    await store.close()
    // Nothing logged from start to stop holds a secret (and something was logged).
    expect(raw.some((l) => l.includes('Liaison is running'))).toBe(true)
    for (const [name, secret] of Object.entries(SECRETS)) expect(raw.filter((l) => l.includes(secret)), name).toEqual([])
  })

  const fresh = () => wecomXmlCallback(appKeys, wecomTextXml({ corpId: CORP_ID, from: 'zhangsan', content: '你好', msgId: '9100000000000000001' }))
  const badSignature = (query: string) => query.replace(/msg_signature=([0-9a-f])/, (_, c: string) => `msg_signature=${c === '0' ? '1' : '0'}`)

  it.each<[string, () => { path: string; init: RequestInit }, number, RegExp]>([
    [
      'a WeCom callback with a wrong signature',
      () => {
        const request = fresh()
        return { path: `/wecom/callback?${badSignature(request.query)}`, init: { method: 'POST', body: request.body } }
      },
      401,
      /^wecom callback: signature does not match$/,
    ],
    ['a WeCom URL verification with a wrong signature', () => ({ path: `/wecom/callback?${badSignature(fresh().query)}&echostr=abc`, init: { method: 'GET' } }), 401, /^wecom callback: signature does not match$/],
    ['a WeCom callback without a signature', () => ({ path: '/wecom/callback?timestamp=1&nonce=2', init: { method: 'POST', body: fresh().body } }), 401, /^wecom callback: msg_signature, timestamp or nonce missing$/],
    [
      'a WeCom callback encrypted for another corp',
      () => {
        const request = wecomXmlCallback({ ...appKeys, receiveId: 'wwothercorp' }, wecomTextXml({ corpId: 'wwothercorp', from: 'x', content: '你好', msgId: '9100000000000000002' }))
        return { path: `/wecom/callback?${request.query}`, init: { method: 'POST', body: request.body } }
      },
      401,
      /^wecom callback: receiveid does not match$/,
    ],
    [
      'a WeCom AI bot callback with a wrong signature',
      () => {
        const request = wecomJsonCallback(botKeys, JSON.stringify({ msgid: 'm1', aibotid: 'bot', chattype: 'single', from: { userid: 'x' }, msgtype: 'text', text: { content: '你好' } }))
        return { path: `/wecom/bot?${badSignature(request.query)}`, init: { method: 'POST', body: request.body } }
      },
      401,
      /^wecom bot callback: signature does not match$/,
    ],
    [
      'a DingTalk callback with a stale timestamp',
      () => ({ path: '/dingtalk/robot', init: { method: 'POST', headers: dingtalkHeaders(SECRETS.DINGTALK_APP_SECRET, Date.now() - 2 * 3_600_000), body: '{}' } }),
      401,
      /^dingtalk robot callback: timestamp more than one hour away from our clock$/,
    ],
    [
      'a DingTalk callback signed with another secret',
      () => ({ path: '/dingtalk/robot', init: { method: 'POST', headers: dingtalkHeaders('not-the-app-secret', Date.now()), body: '{}' } }),
      401,
      /^dingtalk robot callback: sign does not match$/,
    ],
  ])('%s: one warn line saying why, in English, without secrets', async (_, request, status, reason) => {
    const { path, init } = request()
    const requestId = randomUUID()
    const response = await fetch(`${url}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), 'x-request-id': requestId } })
    expect(response.status).toBe(status)
    // The answer names no reason either: only the code.
    expect(await response.json()).toEqual({ error: 'UNAUTHORIZED' })

    const about = lines.filter((l) => l.requestId === requestId)
    expect(about).toHaveLength(1)
    const [line] = about
    expect(line).toMatchObject({ level: WARN, status, code: 'UNAUTHORIZED', method: init.method, path: path.split('?')[0] })
    expect(line!.msg).toMatch(reason)
    // English: printable ASCII only.
    expect(line!.msg).toMatch(/^[\x20-\x7e]+$/)
    // Nothing else at warn or above came of it.
    expect(lines.filter((l) => l.level >= WARN)).toEqual([line])
    const text = JSON.stringify(line)
    for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret)
    expect(await store.connection.collection('inbound_messages').countDocuments()).toBe(0)
  })
})
