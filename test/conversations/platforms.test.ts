import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { FakePlatform } from '../support/fake-platform.ts'
import { dingtalkHeaders, openPassiveReply, wecomAppEnv, wecomEventXml, wecomTextXml, wecomXmlCallback } from '../support/platform-requests.ts'
import { startTestApp, type TestApp } from '../support/test-app.ts'
import { importRosterFile } from '../support/transcript.ts'

// The conversations of the transcripts, through the real WeCom and DingTalk callbacks with
// real signatures and encryption; the platforms' APIs are the fake on 127.0.0.1.
const SAMPLE_ROSTER = path.resolve(import.meta.dirname, '../../docs/sample-roster.csv')
const wecomKeys = { token: 'liaisonToken1', encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', receiveId: 'wwliaisoncorp' }
const DINGTALK_SECRET = 'dingtalk-app-secret'

describe('conversations through the platforms', () => {
  let fake: FakePlatform
  let app: TestApp
  beforeAll(async () => {
    fake = await FakePlatform.start()
  })
  afterEach(async () => {
    await app?.close()
    fake.reset()
  })
  afterAll(() => fake.close())

  it('WeCom app alone (no robot, no local chat): a dead letter is announced to each admin one-to-one', async () => {
    app = await startTestApp({
      env: wecomAppEnv(wecomKeys, fake.url),
      passiveBudgetMs: 0,
    })
    await importRosterFile(app, SAMPLE_ROSTER)
    // The answer to 帮助 is refused for good (an errcode no retry fixes); the alert after it goes through.
    fake.fail('/cgi-bin/message/send', { errcode: 40031 }, 1)
    const request = wecomXmlCallback(wecomKeys, wecomTextXml({ corpId: wecomKeys.receiveId, from: 'chenzhiqiang', content: '帮助', msgId: '8100000000000000001' }))
    expect((await fetch(`${app.url}/wecom/callback?${request.query}`, { method: 'POST', body: request.body })).status).toBe(200)
    const sends = await fake.waitForSends(2, '/cgi-bin/message/send')
    expect(sends[1]!.body).toMatchObject({ touser: 'qianjin', msgtype: 'text', text: { content: expect.stringContaining('【联系助手告警】') } })
    expect(await app.store.connection.collection('outbox_messages').findOne({ status: 'dead' })).toMatchObject({ destinationKey: 'wecom:member:chenzhiqiang' })
  })

  it('WeCom app: a leader reports and confirms one-to-one, the handler accepts from the card and answers, the leader hears back', async () => {
    app = await startTestApp({
      env: wecomAppEnv(wecomKeys, fake.url),
      passiveBudgetMs: 3000,
    })
    await importRosterFile(app, SAMPLE_ROSTER)
    let msgId = 9_000_000_000_000_000_000n
    const say = async (from: string, content: string) => {
      const request = wecomXmlCallback(wecomKeys, wecomTextXml({ corpId: wecomKeys.receiveId, from, content, msgId: String(msgId++) }))
      const response = await fetch(`${app.url}/wecom/callback?${request.query}`, { method: 'POST', body: request.body, headers: { 'content-type': 'text/xml' } })
      expect(response.status).toBe(200)
      return response.text()
    }
    const sentTo = (user: string) => fake.sends('/cgi-bin/message/send').filter((r) => r.body.touser === user)

    // The card cannot ride on the callback's response: it comes through message/send, with buttons.
    await say('chenzhiqiang', '昨天下午在3号宿舍和计算机2101班座谈，同学们反映热水供应不稳定')
    await fake.waitForSends(1, '/cgi-bin/message/send')
    const card = sentTo('chenzhiqiang')[0]!.body
    expect(card).toMatchObject({ msgtype: 'template_card', template_card: { card_type: 'button_interaction', main_title: { title: '请确认联系记录' } } })
    expect(card.template_card.button_list.map((b: { key: string }) => b.key)).toEqual(['确认', '修改', '取消'])

    // 确认 typed: the answer is text, so it comes back passively on the response, encrypted.
    const passive = await say('chenzhiqiang', '确认')
    const field = (name: string) => new RegExp(`<${name}><!\\[CDATA\\[(.*?)\\]\\]></${name}>`).exec(passive)?.[1] ?? ''
    const opened = openPassiveReply(wecomKeys, { encrypt: field('Encrypt'), signature: field('MsgSignature'), timestamp: /<TimeStamp>(\d+)/.exec(passive)![1]!, nonce: field('Nonce') })
    expect(opened.message).toMatch(/已记录[\s\S]*意见 \d{4}-0001 已交后勤管理处办理/)

    // The handler got a card; pressing 受理 sends its key back as a template_card_event.
    await app.inbox.idle()
    const assigned = (await fake.waitForSends(2, '/cgi-bin/message/send')).find((r) => r.body.touser === 'wugang')!.body
    const accept = assigned.template_card.button_list[0].key as string
    expect(accept).toMatch(/^受理 \d{4}-0001$/)
    const event = wecomXmlCallback(wecomKeys, wecomEventXml({ corpId: wecomKeys.receiveId, from: 'wugang', event: 'template_card_event', eventKey: accept, createTime: Math.floor(Date.now() / 1000), taskId: assigned.template_card.task_id }))
    expect((await fetch(`${app.url}/wecom/callback?${event.query}`, { method: 'POST', body: event.body })).status).toBe(200)
    await app.inbox.idle()
    const ticket = accept.slice(3)
    await say('wugang', `答复 ${ticket} 已更换3号宿舍热水器，热水已恢复`)
    await app.inbox.idle()
    await say('wugang', '确认')
    await app.inbox.idle()
    const told = await waitFor(() => sentTo('chenzhiqiang').find((r) => JSON.stringify(r.body).includes('热水已恢复')))
    expect(told.body.text.content).toContain(`您联系师生时收集的意见 ${ticket}`)
    const opinion = await app.store.connection.collection('opinions').findOne({ ticketNo: ticket })
    expect(opinion).toMatchObject({ status: 'answered', history: [{ action: 'registered' }, { action: 'accepted' }, { action: 'answered' }] })
  })

  it('DingTalk robot: a leader reports from a group with an @-mention; the opinions go one-to-one, never to the group', async () => {
    app = await startTestApp({
      env: { DINGTALK_APP_KEY: 'dingappkey', DINGTALK_APP_SECRET: DINGTALK_SECRET, DINGTALK_ROBOT_CODE: 'dingrobotcode', DINGTALK_API_BASE: fake.url, DINGTALK_OAPI_BASE: fake.url, LOCAL_CHAT: 'off' },
    })
    await importRosterFile(app, SAMPLE_ROSTER)
    let n = 0
    const say = async (staffId: string, nick: string, content: string) => {
      const body = {
        msgId: `group-msg-${n++}`,
        msgtype: 'text',
        text: { content: ` ${content}` },
        createAt: Date.now(),
        conversationType: '2',
        conversationId: 'cidClass2101==',
        conversationTitle: '计算机2101班',
        senderId: `$:LWCP_v1:$${staffId}`,
        senderStaffId: staffId,
        senderNick: nick,
        senderCorpId: 'dingcorp',
        chatbotUserId: '$:LWCP_v1:$bot',
        atUsers: [{ dingtalkId: '$:LWCP_v1:$bot' }],
        sessionWebhook: `${fake.url}/robot/sendBySession?session=class2101`,
        sessionWebhookExpiredTime: Date.now() + 90 * 60_000,
        robotCode: 'dingrobotcode',
      }
      const response = await fetch(`${app.url}/dingtalk/robot`, { method: 'POST', headers: dingtalkHeaders(DINGTALK_SECRET, Date.now()), body: JSON.stringify(body) })
      expect(response.status).toBe(200)
      await app.inbox.idle()
    }
    const group = () => fake.sends('/robot/sendBySession').map((r) => JSON.stringify(r.body))
    const oneToOne = (staffId: string) => fake.sends('/v1.0/robot/oToMessages/batchSend').filter((r) => r.body.userIds.includes(staffId)).map((r) => JSON.parse(r.body.msgParam) as Record<string, string>)

    await say('dt_chenzhiqiang', '陈志强', '今天中午在二食堂和计算机2101班同学座谈，反映饭菜偏咸、窗口太少')
    const [card] = await waitFor(() => (group().length >= 1 ? group() : undefined))
    expect(card).toContain('actionCard')
    expect(card).toContain('反映的意见：2 条')
    expect(card).not.toContain('饭菜偏咸')

    await say('dt_chenzhiqiang', '陈志强', '确认')
    const routed = await waitFor(() => oneToOne('dt_chenzhiqiang').find((m) => (m.content ?? '').includes('已交后勤管理处办理')))
    expect(routed.content).toMatch(/意见 \d{4}-0001 已交后勤管理处办理[\s\S]*意见 \d{4}-0002/)
    await waitFor(() => (group().length >= 2 ? true : undefined))
    expect(group()[1]).toContain('2 条意见的交办情况已私信发送')
    const assigned = await waitFor(() => (oneToOne('dt_wugang').length >= 2 ? oneToOne('dt_wugang') : undefined))
    expect(assigned.map((m) => m.text).join('\n')).toContain('饭菜偏咸')

    await say('dt_lixiao', '李同学', '食堂晚上关门太早了，希望延长到九点')
    await waitFor(() => (oneToOne('dt_lixiao').length >= 1 ? true : undefined))
    expect(oneToOne('dt_lixiao')[0]!.content).toContain('已登记您的意见')
    for (const sent of group()) expect(sent).not.toMatch(/饭菜偏咸|窗口太少|关门太早|\d{4}-000\d/)
    expect(await app.store.connection.collection('contacts').findOne({ place: '二食堂' })).toMatchObject({ opinions: ['饭菜偏咸', '窗口太少'], status: 'confirmed' })
  })
})

async function waitFor<T>(probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = probe()
    if (value !== undefined && value !== false) return value
    if (Date.now() > deadline) throw new Error('waited 10 s for a send that did not come')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
