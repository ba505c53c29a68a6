import { encrypt } from '@wecom/crypto'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { MessageHandler } from '../../../src/channels/message.ts'
import { FakePlatform } from '../../support/fake-platform.ts'
import { openPassiveReply, wecomJsonCallback, wecomQuery } from '../../support/platform-requests.ts'
import { startTestApp, type TestApp } from '../../support/test-app.ts'
import { openTestStore } from '../../support/test-store.ts'

// Fresh keys; the AI bot's receiveid is always "" (platforms.md §2.6).
const keys = { token: 'botToken123', encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', receiveId: '' }

function groupText(fake: FakePlatform, msgid: string, content: string) {
  return JSON.stringify({
    msgid,
    aibotid: 'aib-1',
    chatid: 'group-42',
    chattype: 'group',
    from: { userid: 'zhangsan' },
    response_url: `${fake.url}/cgi-bin/aibot/response?response_code=${msgid}`,
    msgtype: 'text',
    text: { content },
  })
}

describe('WeCom AI bot callback', () => {
  let fake: FakePlatform
  let app: TestApp
  beforeAll(async () => {
    fake = await FakePlatform.start()
  })
  afterEach(() => app?.close())
  afterAll(() => fake.close())

  const env = () => ({ WECOM_BOT_TOKEN: keys.token, WECOM_BOT_ENCODING_AES_KEY: keys.encodingAesKey, LOCAL_CHAT: 'off' })
  const post = (request: { query: string; body: string }) =>
    fetch(`${app.url}/wecom/bot?${request.query}`, { method: 'POST', body: request.body, headers: { 'content-type': 'application/json' } })

  it('verifies the URL with receiveid ""', async () => {
    app = await startTestApp({ env: env() })
    const echostr = encrypt(keys.encodingAesKey, '8837465', '')
    const response = await fetch(`${app.url}/wecom/bot?${wecomQuery(keys, echostr)}&echostr=${encodeURIComponent(echostr)}`)
    expect(await response.text()).toBe('8837465')
  })

  it('refuses a message encrypted for a corp instead of the bot', async () => {
    app = await startTestApp({ env: env() })
    const response = await post(wecomJsonCallback({ ...keys, receiveId: 'ww1436e0e65a779aee' }, groupText(fake, 'm0', '@联系助手 帮助')))
    expect(response.status).toBe(401)
  })

  it('answers a group mention with a finished stream on the response, the mention stripped', async () => {
    app = await startTestApp({ env: env(), passiveBudgetMs: 5000 })
    const response = await post(wecomJsonCallback(keys, groupText(fake, 'm1', '@联系助手 帮助')))
    const reply = (await response.json()) as { encrypt: string; msgsignature: string; timestamp: string; nonce: string }
    const opened = openPassiveReply(keys, { encrypt: reply.encrypt, signature: reply.msgsignature, timestamp: reply.timestamp, nonce: reply.nonce })
    expect(opened.id).toBe('')
    expect(JSON.parse(opened.message)).toMatchObject({ msgtype: 'stream', stream: { id: 'm1', finish: true, content: expect.stringContaining('联系助手') } })
    const stored = await app.store.connection.collection('inbound_messages').findOne({ key: 'wecom:bot:m1' })
    expect(stored?.message).toMatchObject({ text: '帮助', chat: { type: 'group', chatId: 'group-42' }, mentions: [{ userId: 'aib-1', isBot: true }] })
  })

  it('answers through response_url, once, when the answer misses the budget', async () => {
    app = await startTestApp({ env: env(), passiveBudgetMs: 0 })
    const request = wecomJsonCallback(keys, groupText(fake, 'm2', '@联系助手 你好'))
    for (let copy = 0; copy < 3; copy++) expect(await (await post(request)).text()).toBe('')
    const [sent] = await fake.waitForSends(1, '/cgi-bin/aibot/response')
    await app.inbox.idle()
    expect(sent!.query.get('response_code')).toBe('m2')
    // 你好 is not something Liaison acts on: the answer says how to use it.
    expect(sent!.body).toMatchObject({ msgtype: 'markdown', markdown: { content: expect.stringContaining('【反映意见】') } })
    expect(fake.sends('/cgi-bin/aibot/response').filter((s) => s.query.get('response_code') === 'm2')).toHaveLength(1)
  })

  it('joins the answers that miss the response into one post to response_url, which takes one', async () => {
    const handler: MessageHandler = async (message, reply) => {
      // Past the budget: nothing rides on the HTTP response.
      await new Promise((resolve) => setTimeout(resolve, 50))
      await reply({ kind: 'text', text: `第一条：${message.text}` })
      await reply({ kind: 'card', title: '请选择', text: '下一步', buttons: [{ label: '确认', value: '确认' }] })
    }
    app = await startTestApp({ env: env(), passiveBudgetMs: 0, handler })
    const earlier = fake.sends('/cgi-bin/aibot/response').length
    expect(await (await post(wecomJsonCallback(keys, groupText(fake, 'm5', '@联系助手 你好')))).text()).toBe('')
    await fake.waitForSends(earlier + 1, '/cgi-bin/aibot/response')
    await app.inbox.idle()
    await app.close()
    const sent = fake.sends('/cgi-bin/aibot/response').filter((s) => s.query.get('response_code') === 'm5')
    expect(sent).toHaveLength(1)
    expect(sent[0]!.body).toMatchObject({ msgtype: 'markdown', markdown: { content: '第一条：你好\n\n请选择\n下一步\n- 确认' } })
  })

  it('answers once when a crash makes the handler run again after its answer went out on the response', async () => {
    const store = await openTestStore()
    const handler: MessageHandler = async (message, reply) => {
      await reply({ kind: 'text', text: `一：${message.text}` })
      await reply({ kind: 'text', text: '二' })
    }
    app = await startTestApp({ env: env(), passiveBudgetMs: 5000, handler, store })
    const response = await post(wecomJsonCallback(keys, groupText(fake, 'm6', '@联系助手 你好')))
    const reply = (await response.json()) as { encrypt: string; msgsignature: string; timestamp: string; nonce: string }
    const opened = openPassiveReply(keys, { encrypt: reply.encrypt, signature: reply.msgsignature, timestamp: reply.timestamp, nonce: reply.nonce })
    expect(JSON.parse(opened.message)).toMatchObject({ stream: { content: '一：你好\n\n二' } })
    await app.inbox.idle()
    await app.stop()
    // As if the bot had died before marking the message handled: the next start handles it again.
    await store.connection.collection('inbound_messages').updateOne({ key: 'wecom:bot:m6' }, { $set: { status: 'pending' } })
    app = await startTestApp({ env: env(), passiveBudgetMs: 5000, handler, store })
    await app.inbox.idle()
    await app.close()
    expect(await store.connection.collection('outbox_messages').countDocuments({ key: /^wecom:bot:m6#/ })).toBe(1)
    expect(fake.sends('/cgi-bin/aibot/response').filter((s) => s.query.get('response_code') === 'm6')).toHaveLength(0)
    await store.close()
  })

  it('acknowledges stream refreshes without storing them', async () => {
    app = await startTestApp({ env: env() })
    const refresh = JSON.stringify({ msgid: 'm3', chattype: 'single', from: { userid: 'lisi' }, msgtype: 'stream', stream: { id: 'm1' } })
    expect((await post(wecomJsonCallback(keys, refresh))).status).toBe(200)
    expect(await app.store.connection.collection('inbound_messages').countDocuments()).toBe(0)
  })

  it('refuses an XML body: 400', async () => {
    app = await startTestApp({ env: env() })
    expect((await post({ query: wecomQuery(keys, 'x'), body: '<xml><Encrypt>x</Encrypt></xml>' })).status).toBe(400)
  })
})
