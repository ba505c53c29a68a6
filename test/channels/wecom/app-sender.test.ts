import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { WecomAppConfig } from '../../../src/config/load-config.ts'
import type { OutboundMessage, Platform, Recipient } from '../../../src/channels/message.ts'
import type { ChannelSender } from '../../../src/channels/sender.ts'
import { WecomSender } from '../../../src/channels/wecom/send.ts'
import { silentLogger } from '../../../src/log.ts'
import { Outbox } from '../../../src/outbox/outbox.ts'
import { OutboxWorker } from '../../../src/outbox/outbox-worker.ts'
import type { Store } from '../../../src/store/open-store.ts'
import { OutboxMessages } from '../../../src/store/outbox-messages.ts'
import { FakePlatform } from '../../support/fake-platform.ts'
import { openTestStore } from '../../support/test-store.ts'
import { waitUntil } from '../../support/wait-until.ts'

// The self-built app's way out (platforms.md §2.1–2.3, §2.5) against the fake WeCom API.
const text = (t: string): OutboundMessage => ({ kind: 'text', text: t })
const person = (userId: string): Recipient => ({ kind: 'person', platform: 'wecom', userId })
const group = (chatId: string): Recipient => ({ kind: 'group', platform: 'wecom', chatId })
const MINUTE = 60_000

describe('WeCom app sender', () => {
  let fake: FakePlatform
  let app: WecomAppConfig
  beforeAll(async () => {
    fake = await FakePlatform.start()
    app = { corpId: 'wwliaisoncorp', token: 'tok', encodingAesKey: 'a'.repeat(43), agentId: 1000002, secret: 'app-secret', apiBase: fake.url }
  })
  beforeEach(() => fake.reset())
  afterAll(() => fake.close())

  const tokenOf = (request: { query: URLSearchParams }) => request.query.get('access_token') ?? ''
  /** The fake numbers its tokens in the order it hands them out: wecom-token-N. */
  const tokenNumber = (token: string) => Number(/^wecom-token-(\d+)$/.exec(token)?.[1] ?? NaN)

  describe('a refused token (errcode 42001, access_token expired)', () => {
    let store: Store
    let repo: OutboxMessages
    let worker: OutboxWorker | undefined
    beforeEach(async () => {
      store = await openTestStore()
      repo = await OutboxMessages.open(store.connection)
    })
    afterEach(async () => {
      await worker?.stop()
      worker = undefined
      await store.close()
    })

    it('through the outbox: one new token fetch, the send made once more with it, the message sent on its first attempt', async () => {
      const senders = new Map<Platform, ChannelSender>([['wecom', new WecomSender(app, undefined, { timeoutMs: 1000 })]])
      const outbox = new Outbox(repo, senders)
      worker = new OutboxWorker(repo, outbox, senders, silentLogger(), { pollIntervalMs: 10, retry: { baseDelayMs: 10, maxDelayMs: 50, throttleDelayMs: 30 } })
      worker.start()
      fake.fail('/cgi-bin/message/send', { errcode: 42001 }, 1)
      await outbox.enqueue({ to: person('chenzhiqiang'), message: text('令牌过期后的消息'), key: 'expired-token' })
      const collection = store.connection.collection('outbox_messages')
      await waitUntil(async () => (await collection.findOne({ key: 'expired-token' }))?.status === 'sent', 'the message sent')
      // The retry happened inside the one send, not as an outbox retry.
      expect(await collection.findOne({ key: 'expired-token' })).toMatchObject({ status: 'sent', attempts: 1 })
      expect(fake.tokenRequests()).toBe(2)
      const [refused, accepted] = fake.sends('/cgi-bin/message/send')
      expect(fake.sends('/cgi-bin/message/send')).toHaveLength(2)
      expect(tokenNumber(tokenOf(accepted!))).toBe(tokenNumber(tokenOf(refused!)) + 1)
      expect(accepted!.body).toEqual(refused!.body)
      expect(accepted!.body).toMatchObject({ touser: 'chenzhiqiang', agentid: 1000002, msgtype: 'text', text: { content: '令牌过期后的消息' } })
    })
  })

  it('refetches only once for one send: a second refusal in a row is not retried in a loop', async () => {
    const sender = new WecomSender(app, undefined, { timeoutMs: 1000 })
    fake.fail('/cgi-bin/message/send', { errcode: 42001 }, 2)
    await expect(sender.send(person('u1'), text('一'))).rejects.toThrow(/42001/)
    expect(fake.sends('/cgi-bin/message/send')).toHaveLength(2)
    expect(fake.tokenRequests()).toBe(2)
  })

  it('two sends refused together with the same token share one new token', async () => {
    const sender = new WecomSender(app, undefined, { timeoutMs: 1000 })
    await sender.send(person('u0'), text('预热'))
    fake.fail('/cgi-bin/message/send', { errcode: 42001 }, 2)
    await Promise.all([sender.send(person('u1'), text('一')), sender.send(person('u2'), text('二'))])
    expect(fake.tokenRequests()).toBe(2)
    const sends = fake.sends('/cgi-bin/message/send')
    expect(sends).toHaveLength(5)
    const first = tokenOf(sends[0]!)
    expect(sends.slice(1, 3).map(tokenOf)).toEqual([first, first])
    const retried = sends.slice(3).map(tokenOf)
    expect(retried[0]).toBe(retried[1])
    expect(tokenNumber(retried[0]!)).toBe(tokenNumber(first) + 1)
  })

  describe('the token cache', () => {
    it('asks for one token for several sends, with the app credentials, and refreshes it before its 7200 s run out', async () => {
      const startedAt = Date.parse('2026-11-18T02:00:00Z')
      let clock = startedAt
      const sender = new WecomSender(app, undefined, { timeoutMs: 1000, now: () => new Date(clock) })
      for (const at of [0, 1, 30, 100]) {
        clock = startedAt + at * MINUTE
        await sender.send(person('u1'), text(`第${at}分钟`))
      }
      expect(fake.tokenRequests()).toBe(1)
      const [gettoken] = fake.requests.filter((r) => r.path === '/cgi-bin/gettoken')
      expect(Object.fromEntries(gettoken!.query)).toEqual({ corpid: 'wwliaisoncorp', corpsecret: 'app-secret' })
      const early = fake.sends('/cgi-bin/message/send').map(tokenOf)
      expect(new Set(early).size).toBe(1)

      // One minute before WeCom's expiry the old token must no longer be used.
      clock = startedAt + 119 * MINUTE
      await sender.send(person('u1'), text('快到期'))
      clock = startedAt + 121 * MINUTE
      await sender.send(person('u1'), text('已换新'))
      expect(fake.tokenRequests()).toBe(2)
      const [nearExpiry, after] = fake.sends('/cgi-bin/message/send').slice(4).map(tokenOf)
      expect(nearExpiry).not.toBe(early[0])
      expect(after).toBe(nearExpiry)
    })

    it('follows the expires_in WeCom answers rather than assuming 7200 s', async () => {
      const startedAt = Date.parse('2026-11-18T02:00:00Z')
      let clock = startedAt
      const sender = new WecomSender(app, undefined, { timeoutMs: 1000, now: () => new Date(clock) })
      // A token with 10 minutes to live (WeCom may hand out one it issued earlier, §2.1).
      fake.fail('/cgi-bin/gettoken', { json: { errcode: 0, errmsg: 'ok', access_token: 'short-lived', expires_in: 600 } }, 1)
      await sender.send(person('u1'), text('一'))
      clock = startedAt + 1 * MINUTE
      await sender.send(person('u1'), text('二'))
      expect(fake.tokenRequests()).toBe(1)
      clock = startedAt + 9 * MINUTE
      await sender.send(person('u1'), text('三'))
      expect(fake.tokenRequests()).toBe(2)
      expect(fake.sends('/cgi-bin/message/send').map(tokenOf)).toEqual(['short-lived', 'short-lived', expect.stringMatching(/^wecom-token-/)])
    })
  })

  describe('a group the app created (appchat, §2.3)', () => {
    it('sends text to /cgi-bin/appchat/send with the chatid, with the app token', async () => {
      const sender = new WecomSender(app, undefined, { timeoutMs: 1000 })
      await sender.send(group('chat2101'), text('计算机2101班：本周四下午座谈'))
      const [sent] = fake.sends('/cgi-bin/appchat/send')
      expect(fake.sends()).toHaveLength(1)
      expect(sent!.method).toBe('POST')
      expect(tokenOf(sent!)).toMatch(/^wecom-token-/)
      expect(sent!.body).toMatchObject({ chatid: 'chat2101', msgtype: 'text', text: { content: '计算机2101班：本周四下午座谈' } })
    })

    it('sends a card as markdown listing its choices, since appchat has no interactive cards', async () => {
      const sender = new WecomSender(app, undefined, { timeoutMs: 1000 })
      const card: OutboundMessage = {
        kind: 'card',
        title: '请确认联系记录',
        text: '座谈 · 3号宿舍 · 计算机2101班',
        buttons: [
          { label: '确认', value: '确认' },
          { label: '修改', value: '修改' },
          { label: '受理', value: '受理 2026-0001' },
        ],
      }
      await sender.send(group('chat2101'), card)
      const [sent] = fake.sends('/cgi-bin/appchat/send')
      expect(sent!.body).toMatchObject({ chatid: 'chat2101', msgtype: 'markdown' })
      expect(sent!.body.template_card).toBeUndefined()
      const lines = (sent!.body.markdown.content as string).split('\n')
      expect(lines).toContain('请确认联系记录')
      expect(lines).toContain('座谈 · 3号宿舍 · 计算机2101班')
      // Each choice on a line of its own, with what to type to make it.
      for (const choice of ['确认', '修改', '受理 2026-0001']) expect(lines.filter((l) => l.includes(choice) && l !== '请确认联系记录')).toHaveLength(1)
    })
  })
})
