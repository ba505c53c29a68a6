import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { dingtalkSign, verifyDingtalkRequest } from '../../../src/channels/dingtalk/verify.ts'
import { FakePlatform } from '../../support/fake-platform.ts'
import { dingtalkHeaders } from '../../support/platform-requests.ts'
import { startTestApp, type TestApp } from '../../support/test-app.ts'

const APP_SECRET = 'dingtalk-app-secret'

describe('DingTalk sign (platforms.md §5)', () => {
  it.each([
    ['1577262236757', 'this is secret', 'hmPWwU+7lVdm3ZZz0r9tSfx0L4Q26jWOZr9+Gs6EZQM='],
    ['1700000000000', 'SECexample0123456789', 'figG6qqCA/lRh0hsGCW2zNtNV5znkAFut5BI0zKhqnQ='],
  ])('signs %s as the reference', (timestamp, secret, sign) => {
    expect(dingtalkSign(timestamp, secret)).toBe(sign)
  })

  it.each([
    [{ timestamp: '1577262236757', sign: 'hmPWwU+7lVdm3ZZz0r9tSfx0L4Q26jWOZr9+Gs6EZQM=' }, 1577262236757 + 3_599_000, 'ok'],
    [{ timestamp: '1577262236757', sign: 'hmPWwU+7lVdm3ZZz0r9tSfx0L4Q26jWOZr9+Gs6EZQM=' }, 1577262236757 + 3_601_000, 'stale'],
    [{ timestamp: '1577262236757', sign: 'hmPWwU+7lVdm3ZZz0r9tSfx0L4Q26jWOZr9+Gs6EZQM=' }, 1577262236757 - 3_601_000, 'stale'],
    [{ timestamp: '1577262236757', sign: 'hmPWwU+7lVdm3ZZz0r9tSfx0L4Q26jWOZr9+Gs6EZQN=' }, 1577262236757, 'mismatch'],
    [{ timestamp: '1577262236757', sign: 'short' }, 1577262236757, 'mismatch'],
    [{ timestamp: '', sign: 'x' }, 1577262236757, 'missing'],
    [{ timestamp: 'abc', sign: 'x' }, 1577262236757, 'stale'],
  ])('verifies %o at %i as %s', (headers, now, verdict) => {
    expect(verifyDingtalkRequest(headers, 'this is secret', now)).toBe(verdict)
  })
})

describe('DingTalk robot callback', () => {
  let fake: FakePlatform
  let app: TestApp
  beforeAll(async () => {
    fake = await FakePlatform.start()
  })
  afterEach(() => app?.close())
  afterAll(() => fake.close())

  const env = () => ({
    DINGTALK_APP_KEY: 'dingappkey',
    DINGTALK_APP_SECRET: APP_SECRET,
    DINGTALK_ROBOT_CODE: 'dingrobotcode',
    DINGTALK_API_BASE: fake.url,
    DINGTALK_OAPI_BASE: fake.url,
    LOCAL_CHAT: 'off',
  })
  const message = (fields: Record<string, unknown>) => ({
    msgId: `msg${Math.random().toString(36).slice(2)}`,
    msgtype: 'text',
    text: { content: ' 帮助' },
    createAt: Date.now(),
    conversationType: '1',
    conversationId: 'cidSingle==',
    senderId: '$:LWCP_v1:$abc',
    senderStaffId: 'staff001',
    senderNick: '王老师',
    senderCorpId: 'dingcorp',
    chatbotUserId: '$:LWCP_v1:$bot',
    sessionWebhook: `${fake.url}/robot/sendBySession?session=s1`,
    sessionWebhookExpiredTime: Date.now() + 90 * 60_000,
    robotCode: 'dingrobotcode',
    ...fields,
  })
  const post = (body: unknown, headers = dingtalkHeaders(APP_SECRET, Date.now())) =>
    fetch(`${app.url}/dingtalk/robot`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) })
  const inbound = () => app.store.connection.collection('inbound_messages')

  it('stores a one-to-one message and answers through its sessionWebhook, once for three copies', async () => {
    app = await startTestApp({ env: env() })
    const body = message({ msgId: 'single-1' })
    for (let copy = 0; copy < 3; copy++) expect((await post(body)).status).toBe(200)
    const [sent] = await fake.waitForSends(1, '/robot/sendBySession')
    expect(sent!.query.get('session')).toBe('s1')
    expect(sent!.body).toMatchObject({ msgtype: 'text', text: { content: expect.stringContaining('联系助手') } })
    await app.inbox.idle()
    expect(await inbound().countDocuments()).toBe(1)
    expect(await inbound().findOne({ key: 'dingtalk:msg:single-1' })).toMatchObject({ message: { text: '帮助', sender: { userId: 'staff001', name: '王老师' } } })
  })

  it('answers through the OpenAPI with a token once the sessionWebhook has expired', async () => {
    app = await startTestApp({ env: env() })
    await post(message({ msgId: 'single-2', senderStaffId: 'staff002', sessionWebhookExpiredTime: Date.now() - 1000 }))
    const [sent] = await fake.waitForSends(1, '/v1.0/robot/oToMessages/batchSend')
    expect(sent!.headers['x-acs-dingtalk-access-token']).toMatch(/^dingtalk-token-/)
    expect(sent!.body).toMatchObject({ robotCode: 'dingrobotcode', userIds: ['staff002'], msgKey: 'sampleText' })
    expect(JSON.parse(sent!.body.msgParam).content).toContain('联系助手')
  })

  it('answers a group @-mention in the group, falling back to the OpenAPI when the session is gone', async () => {
    app = await startTestApp({ env: env() })
    fake.fail('/robot/sendBySession', { errcode: 300001 })
    const before = fake.sends('/robot/sendBySession').length
    await post(
      message({
        msgId: 'group-1',
        conversationType: '2',
        conversationId: 'cidGroup==',
        conversationTitle: '计算机学院',
        atUsers: [{ dingtalkId: '$:LWCP_v1:$bot' }],
        sessionWebhook: `${fake.url}/robot/sendBySession?session=s2`,
      }),
    )
    const [sent] = await fake.waitForSends(1, '/v1.0/robot/groupMessages/send')
    expect(fake.sends('/robot/sendBySession').length).toBe(before + 1)
    expect(sent!.body).toMatchObject({ openConversationId: 'cidGroup==', msgKey: 'sampleText' })
    expect(await inbound().findOne({ key: 'dingtalk:msg:group-1' })).toMatchObject({
      message: { chat: { type: 'group', chatId: 'cidGroup==', title: '计算机学院' }, mentions: [{ isBot: true }] },
    })
  })

  it('takes isInAtList as the robot mentioned when the callback lacks chatbotUserId', async () => {
    app = await startTestApp({ env: env() })
    const before = fake.sends('/robot/sendBySession').length
    await post(message({ msgId: 'group-2', conversationType: '2', conversationId: 'cidGroup2==', chatbotUserId: undefined, isInAtList: true, atUsers: [{ dingtalkId: '$:LWCP_v1:$bot' }] }))
    await fake.waitForSends(before + 1, '/robot/sendBySession')
    expect(await inbound().findOne({ key: 'dingtalk:msg:group-2' })).toMatchObject({ message: { mentions: [{ isBot: false }, { isBot: true }] } })
  })

  it('ignores a sessionWebhook that points away from DingTalk', async () => {
    app = await startTestApp({ env: env() })
    const before = fake.sends('/v1.0/robot/oToMessages/batchSend').length
    await post(message({ msgId: 'single-3', senderStaffId: 'staff003', sessionWebhook: 'http://127.0.0.2:9/robot/sendBySession?session=evil' }))
    const [sent] = (await fake.waitForSends(before + 1, '/v1.0/robot/oToMessages/batchSend')).slice(before)
    expect(sent!.body.userIds).toEqual(['staff003'])
  })

  describe('refuses bad requests and stores nothing from them', () => {
    it.each([
      ['a wrong sign', 401, () => ({ ...dingtalkHeaders('another-secret', Date.now()) })],
      ['no sign', 401, () => ({ timestamp: String(Date.now()), 'content-type': 'application/json' })],
      ['a timestamp two hours old', 401, () => dingtalkHeaders(APP_SECRET, Date.now() - 2 * 3_600_000)],
      ['a timestamp two hours ahead', 401, () => dingtalkHeaders(APP_SECRET, Date.now() + 2 * 3_600_000)],
    ])('%s: %i', async (_, status, headers) => {
      app = await startTestApp({ env: env() })
      expect((await post(message({}), headers())).status).toBe(status)
      expect(await inbound().countDocuments()).toBe(0)
    })

    it.each([
      ['malformed JSON', '{"msgId": '],
      ['a message without msgId', JSON.stringify({ msgtype: 'text' })],
      ['an array', '[]'],
    ])('%s: 400', async (_, body) => {
      app = await startTestApp({ env: env() })
      expect((await post(body)).status).toBe(400)
      expect(await inbound().countDocuments()).toBe(0)
    })
  })
})
