import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { MessageHandler } from '../../../src/channels/message.ts'
import { FakePlatform } from '../../support/fake-platform.ts'
import { openPassiveReply, wecomAppEnv, wecomEventXml, wecomQuery, wecomTextXml, wecomXmlCallback } from '../../support/platform-requests.ts'
import { startTestApp, type TestApp } from '../../support/test-app.ts'

// Set A of platforms.md §1.6 as the app's keys, so the official requests verify unchanged.
const keys = { token: 'QDG6eK', encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C', receiveId: 'wx5823bf96d3bd56c7' }
const officialGet =
  '/wecom/callback?msg_signature=5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3&timestamp=1409659589&nonce=263014780' +
  '&echostr=P9nAzCzyDtyTWESHep1vC5X9xho%2FqYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp%2B4RPcs8TgAE7OaBO%2BFZXvnaqQ%3D%3D'
const officialPost = {
  query: 'msg_signature=477715d11cdb4164915debcba66cb864d751f3e6&timestamp=1409659813&nonce=1372623149',
  body: '<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><Encrypt><![CDATA[RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>',
}
// Set C: the JSON envelope, MsgId a bare number above 2^53.
const officialJson = {
  query: 'msg_signature=0623cbc5a8cbee5bcc137c70de99575366fc2af3&timestamp=1409659813&nonce=1372623149',
  body: JSON.stringify({
    tousername: 'wx5823bf96d3bd56c7',
    encrypt:
      'CZWs4CWRpI4VolQlvn4dlEC1alN2MUEY2VklGehgBVLBrlVF7SyT+SV+Toj43l4ayJ9UMGKphktKKmP7B2j/P1ey67XB8PBgS7Wr5/8+w/yWriZv3Vmoo/MH3/1HsIWZrPQ3N2mJrelStIfI2Y8kLKXA7EhfZgZX4o+ffdkZDM76SEl79Ib9mw7TGjZ9Aw/x/A2VjNbV1E8BtEbRxYYcQippYNw7hr8sFfa3nW1xLdxokt8QkRX83vK3DFP2F6TQFPL2Tu98UwhcUpPvdJBuu1/yiOQIScppV3eOuLWEsko=',
    agentid: 218,
  }),
}

function env(fake: FakePlatform): Record<string, string> {
  return wecomAppEnv(keys, fake.url, '218')
}

async function post(app: TestApp, request: { query: string; body: string }): Promise<Response> {
  return fetch(`${app.url}/wecom/callback?${request.query}`, { method: 'POST', body: request.body, headers: { 'content-type': 'text/xml' } })
}

/** Reads the Encrypt/MsgSignature/TimeStamp/Nonce of an XML passive reply. */
function xmlReply(text: string) {
  const field = (name: string) => new RegExp(`<${name}>(?:<!\\[CDATA\\[)?(.*?)(?:\\]\\]>)?</${name}>`).exec(text)?.[1] ?? ''
  return { encrypt: field('Encrypt'), signature: field('MsgSignature'), timestamp: field('TimeStamp'), nonce: field('Nonce') }
}

describe('WeCom self-built app callback', () => {
  let fake: FakePlatform
  let app: TestApp
  beforeAll(async () => {
    fake = await FakePlatform.start()
  })
  afterEach(async () => {
    await app?.close()
  })
  afterAll(() => fake.close())

  const inbound = () => app.store.connection.collection('inbound_messages')
  const outbox = () => app.store.connection.collection('outbox_messages')

  it('answers the official URL verification with the decrypted echostr, raw', async () => {
    app = await startTestApp({ env: env(fake) })
    const response = await fetch(`${app.url}${officialGet}`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/)
    expect(await response.text()).toBe('1616140317555161061')
  })

  it('reads a + that a proxy left unencoded (and so became a space)', async () => {
    app = await startTestApp({ env: env(fake) })
    const raw = officialGet.replaceAll('%2B', '+')
    expect(await (await fetch(`${app.url}${raw}`)).text()).toBe('1616140317555161061')
  })

  it('stores the official message and answers it with a passive reply that WeCom can open', async () => {
    app = await startTestApp({ env: env(fake), passiveBudgetMs: 5000 })
    const response = await post(app, officialPost)
    expect(response.status).toBe(200)
    const opened = openPassiveReply(keys, xmlReply(await response.text()))
    expect(opened.id).toBe(keys.receiveId)
    expect(opened.message).toContain('<ToUserName><![CDATA[mycreate]]></ToUserName>')
    // The official sample says "hello": a greeting, answered with what Liaison does for this person.
    expect(opened.message).toContain('您好，我是联系助手')
    const stored = await inbound().findOne({ key: 'wecom:msg:4561255354251345929' })
    expect(stored).toMatchObject({ status: 'done', message: { text: 'hello', sender: { userId: 'mycreate' }, chat: { type: 'single', corpId: keys.receiveId } } })
    expect(await outbox().find().toArray()).toMatchObject([{ status: 'sent', via: 'passive', key: 'wecom:msg:4561255354251345929#0' }])
    expect(fake.sends()).toHaveLength(0)
  })

  it('takes the JSON envelope (set C) and keeps the 64-bit MsgId exact', async () => {
    app = await startTestApp({ env: env(fake), passiveBudgetMs: 5000 })
    const response = await post(app, officialJson)
    expect(response.status).toBe(200)
    const reply = (await response.json()) as { encrypt: string; msgsignature: string; timestamp: string; nonce: string }
    const opened = openPassiveReply(keys, { encrypt: reply.encrypt, signature: reply.msgsignature, timestamp: reply.timestamp, nonce: reply.nonce })
    expect(JSON.parse(opened.message)).toMatchObject({ ToUserName: 'mycreate', MsgType: 'text' })
    expect(await inbound().countDocuments({ key: 'wecom:msg:4561255354251345929' })).toBe(1)
  })

  it('acknowledges at once and replies through message/send when the answer misses the passive budget', async () => {
    app = await startTestApp({ env: env(fake), passiveBudgetMs: 0 })
    const before = fake.sends('/cgi-bin/message/send').length
    const response = await post(app, wecomXmlCallback(keys, wecomTextXml({ corpId: keys.receiveId, from: 'zhangsan', content: '帮助', msgId: '9000000000000000001' })))
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('')
    const [send] = (await fake.waitForSends(before + 1, '/cgi-bin/message/send')).slice(before)
    expect(send!.query.get('access_token')).toMatch(/^wecom-token-/)
    expect(send!.body).toMatchObject({ touser: 'zhangsan', agentid: 218, msgtype: 'text', text: { content: expect.stringContaining('联系助手') } })
  })

  it('sends through message/send a passive reply that was ready only after WeCom hung up', async () => {
    let release!: () => void
    const released = new Promise<void>((resolve) => (release = resolve))
    const handler: MessageHandler = async (_, reply) => {
      await released
      await reply({ kind: 'text', text: '迟到的回答' })
    }
    app = await startTestApp({ env: env(fake), passiveBudgetMs: 5000, handler })
    const before = fake.sends('/cgi-bin/message/send').length
    const request = wecomXmlCallback(keys, wecomTextXml({ corpId: keys.receiveId, from: 'wangwu', content: '你好', msgId: '9000000000000000009' }))
    const hangUp = new AbortController()
    const abandoned = fetch(`${app.url}/wecom/callback?${request.query}`, { method: 'POST', body: request.body, signal: hangUp.signal }).catch(() => 'hung up')
    while ((await inbound().countDocuments({ key: 'wecom:msg:9000000000000000009' })) === 0) await new Promise((resolve) => setTimeout(resolve, 10))
    hangUp.abort()
    expect(await abandoned).toBe('hung up')
    // Time for the server to see the connection closed; the reply is released to the worker at once, not after its 30 s hold.
    await new Promise((resolve) => setTimeout(resolve, 200))
    release()
    const [send] = (await fake.waitForSends(before + 1, '/cgi-bin/message/send', 3000)).slice(before)
    expect(send!.body).toMatchObject({ touser: 'wangwu', text: { content: '迟到的回答' } })
    expect(await outbox().findOne({ key: 'wecom:msg:9000000000000000009#0' })).toMatchObject({ status: 'sent', via: 'send' })
  })

  it('handles four copies of one message once, with one reply', async () => {
    app = await startTestApp({ env: env(fake), passiveBudgetMs: 0 })
    const before = fake.sends('/cgi-bin/message/send').length
    const request = wecomXmlCallback(keys, wecomTextXml({ corpId: keys.receiveId, from: 'lisi', content: '你好', msgId: '9000000000000000002' }))
    const responses = await Promise.all([1, 2, 3, 4].map(() => post(app, request)))
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200])
    await app.inbox.idle()
    await fake.waitForSends(before + 1, '/cgi-bin/message/send')
    expect(await inbound().countDocuments({ 'message.sender.userId': 'lisi' })).toBe(1)
    expect(await outbox().countDocuments({ key: /^wecom:msg:9000000000000000002#/ })).toBe(1)
    // A late copy still changes nothing.
    expect((await post(app, request)).status).toBe(200)
    await app.inbox.idle()
    expect(fake.sends('/cgi-bin/message/send').slice(before).filter((s) => s.body.touser === 'lisi')).toHaveLength(1)
  })

  it('answers a re-delivery of a passively answered message with the same reply (its first response was lost)', async () => {
    app = await startTestApp({ env: env(fake), passiveBudgetMs: 5000 })
    const first = await (await post(app, officialPost)).text()
    const again = await (await post(app, officialPost)).text()
    expect(openPassiveReply(keys, xmlReply(again)).message).toBe(openPassiveReply(keys, xmlReply(first)).message)
    expect(await outbox().countDocuments()).toBe(1)
  })

  it('stores events under their own keys: two in one second are two events, a repeat is one', async () => {
    app = await startTestApp({ env: env(fake), passiveBudgetMs: 0 })
    const event = (eventKey: string) => wecomXmlCallback(keys, wecomEventXml({ corpId: keys.receiveId, from: 'wangwu', event: 'click', eventKey, createTime: 1700000000 }))
    for (const request of [event('menu_help'), event('menu_report'), event('menu_help')]) expect((await post(app, request)).status).toBe(200)
    const enter = wecomXmlCallback(keys, wecomEventXml({ corpId: keys.receiveId, from: 'wangwu', event: 'enter_agent', createTime: 1700000000 }))
    expect((await post(app, enter)).status).toBe(200)
    const card = wecomXmlCallback(keys, wecomEventXml({ corpId: keys.receiveId, from: 'wangwu', event: 'template_card_event', eventKey: '确认', taskId: 't1', createTime: 1700000001 }))
    expect((await post(app, card)).status).toBe(200)
    await app.inbox.idle()
    const stored = await inbound().find({ 'message.sender.userId': 'wangwu' }).sort({ _id: 1 }).toArray()
    expect(stored.map((s) => s.message.action)).toEqual([
      { type: 'menu', key: 'menu_help' },
      { type: 'menu', key: 'menu_report' },
      { type: 'open', key: '' },
      { type: 'button', key: '确认' },
    ])
    expect(stored[3]!.message.text).toBe('确认')
    // Menu clicks and the button get the help text; opening the app does not.
    expect(await outbox().countDocuments({ 'recipient.target.userId': 'wangwu' })).toBe(3)
  })

  it('acknowledges events it does not use without storing them', async () => {
    app = await startTestApp({ env: env(fake) })
    const request = wecomXmlCallback(keys, wecomEventXml({ corpId: keys.receiveId, from: 'zhaoliu', event: 'change_contact', createTime: 1700000000 }))
    expect((await post(app, request)).status).toBe(200)
    expect(await inbound().countDocuments()).toBe(0)
  })

  describe('refuses bad requests and stores nothing from them', () => {
    const fresh = () => wecomXmlCallback(keys, wecomTextXml({ corpId: keys.receiveId, from: 'x', content: 'hi', msgId: '1' }))
    it.each([
      ['a wrong signature', 401, () => ({ ...fresh(), query: fresh().query.replace(/msg_signature=[0-9a-f]/, 'msg_signature=z') })],
      ['no signature', 401, () => ({ ...fresh(), query: 'timestamp=1&nonce=2' })],
      ['another corp as receiveid', 401, () => wecomXmlCallback({ ...keys, receiveId: 'ww0000000000000000' }, wecomTextXml({ corpId: 'ww0', from: 'x', content: 'hi', msgId: '2' }))],
      ['malformed XML', 400, () => ({ query: wecomQuery(keys, 'abc'), body: '<xml><Encrypt>abc</Encrypt' })],
      ['an envelope without Encrypt', 400, () => ({ query: wecomQuery(keys, ''), body: '<xml><ToUserName>a</ToUserName></xml>' })],
      ['ciphertext that is not Base64', 400, () => ({ query: wecomQuery(keys, '!!!!'), body: '<xml><Encrypt><![CDATA[!!!!]]></Encrypt></xml>' })],
      ['a decrypted text that is not a message', 400, () => wecomXmlCallback(keys, '<xml><Nothing/></xml>')],
      ['a CreateTime in milliseconds', 400, () => wecomXmlCallback(keys, wecomTextXml({ corpId: keys.receiveId, from: 'x', content: 'hi', msgId: '3', createTime: Date.now() }))],
      ['a DOCTYPE', 400, () => ({ query: wecomQuery(keys, 'a'), body: '<!DOCTYPE x [<!ENTITY a "b">]><xml><Encrypt>a</Encrypt></xml>' })],
    ])('%s: %i', async (_, status, request) => {
      app = await startTestApp({ env: env(fake) })
      const response = await post(app, request())
      expect(response.status).toBe(status)
      expect(await inbound().countDocuments()).toBe(0)
    })

    it('a body over 1 MB: 413', async () => {
      app = await startTestApp({ env: env(fake) })
      const response = await post(app, { query: fresh().query, body: `<xml><Encrypt>${'A'.repeat(1024 * 1024)}</Encrypt></xml>` })
      expect(response.status).toBe(413)
      expect(await inbound().countDocuments()).toBe(0)
    })

    it('URL verification with a wrong signature: 401', async () => {
      app = await startTestApp({ env: env(fake) })
      expect((await fetch(`${app.url}${officialGet.replace('5c45ff5e', '5c45ff5f')}`)).status).toBe(401)
    })
  })
})
