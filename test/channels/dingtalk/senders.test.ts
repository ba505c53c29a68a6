import { createHmac } from 'node:crypto'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { DingtalkSender } from '../../../src/channels/dingtalk/send.ts'
import type { OutboundMessage, Platform, Recipient } from '../../../src/channels/message.ts'
import type { ChannelSender } from '../../../src/channels/sender.ts'
import { loadConfig, type ChannelsConfig } from '../../../src/config/load-config.ts'
import { silentLogger } from '../../../src/log.ts'
import { Outbox } from '../../../src/outbox/outbox.ts'
import { OutboxWorker } from '../../../src/outbox/outbox-worker.ts'
import type { Store } from '../../../src/store/open-store.ts'
import { OutboxMessages } from '../../../src/store/outbox-messages.ts'
import { FakePlatform, type Failure } from '../../support/fake-platform.ts'
import { openTestStore } from '../../support/test-store.ts'
import { waitUntil } from '../../support/wait-until.ts'

// DingTalk's way out (platforms.md §3.2, §3.5) against the fake DingTalk API.
const ROBOT_SECRET = 'SECexample0123456789'
const text = (t: string): OutboundMessage => ({ kind: 'text', text: t })
const person = (userId: string): Recipient => ({ kind: 'person', platform: 'dingtalk', userId })
const admins: Recipient = { kind: 'admins', platform: 'dingtalk' }
const MINUTE = 60_000

describe('DingTalk senders', () => {
  let fake: FakePlatform
  let channels: ChannelsConfig
  let rawTargets: () => string[]
  beforeAll(async () => {
    fake = await FakePlatform.start()
    rawTargets = fake.recordRawTargets()
    // The settings as an operator writes them, through the real configuration.
    channels = loadConfig({
      DINGTALK_APP_KEY: 'dingappkey',
      DINGTALK_APP_SECRET: 'dingtalk-app-secret',
      DINGTALK_ROBOT_CODE: 'dingrobotcode',
      DINGTALK_API_BASE: fake.url,
      DINGTALK_OAPI_BASE: fake.url,
      DINGTALK_ROBOT_WEBHOOK: `${fake.url}/robot/send?access_token=robot-access-token`,
      DINGTALK_ROBOT_SECRET: ROBOT_SECRET,
    }).channels
  })
  beforeEach(() => fake.reset())
  afterAll(() => fake.close())

  const sender = (now?: () => Date) => new DingtalkSender(channels.dingtalk, channels.adminRobots.dingtalk, { timeoutMs: 1000, ...(now ? { now } : {}) })
  const tokenOf = (request: { headers: Record<string, unknown> }) => String(request.headers['x-acs-dingtalk-access-token'])

  describe('the custom group robot webhook (加签, §3.2)', () => {
    // 1700000000000 is the vector of §5; 1700000000005 signs to a value holding both + and /.
    it.each([1700000000000, 1700000000005])('signs the request at %i with timestamp and sign query parameters', async (timestampMs) => {
      await sender(() => new Date(timestampMs)).send(admins, text('【联系助手告警】测试'))
      const [sent] = fake.sends('/robot/send')
      expect(fake.sends()).toHaveLength(1)
      expect(sent!.query.get('access_token')).toBe('robot-access-token')
      expect(sent!.query.get('timestamp')).toBe(String(timestampMs))
      const expected = createHmac('sha256', ROBOT_SECRET).update(`${timestampMs}\n${ROBOT_SECRET}`, 'utf8').digest('base64')
      expect(sent!.query.get('sign')).toBe(expected)
      // As sent: URL-encoded once, so + / = survive (and are not encoded twice, pitfall 12).
      const target = rawTargets().findLast((t) => t.startsWith('/robot/send?'))!
      expect(/[?&]sign=([^&]*)/.exec(target)?.[1]).toBe(encodeURIComponent(expected))
      expect(sent!.body).toEqual({ msgtype: 'text', text: { content: '【联系助手告警】测试' } })
    })

    it('takes a fresh timestamp for every request, not one from start-up', async () => {
      let clock = 1700000000000
      const robot = sender(() => new Date(clock))
      await robot.send(admins, text('一'))
      clock += 2 * 60 * MINUTE
      await robot.send(admins, text('二'))
      const [first, second] = fake.sends('/robot/send')
      expect(second!.query.get('timestamp')).toBe(String(clock))
      expect(second!.query.get('sign')).toBe(createHmac('sha256', ROBOT_SECRET).update(`${clock}\n${ROBOT_SECRET}`).digest('base64'))
      expect(second!.query.get('sign')).not.toBe(first!.query.get('sign'))
    })
  })

  describe('the OpenAPI access token (§3.5)', () => {
    it('is fetched once with the app credentials and used for two sends', async () => {
      const openApi = sender()
      await openApi.send(person('staff001'), text('一'))
      await openApi.send(person('staff002'), text('二'))
      expect(fake.tokenRequests()).toBe(1)
      const [tokenRequest] = fake.requests.filter((r) => r.path === '/v1.0/oauth2/accessToken')
      expect(tokenRequest!.body).toEqual({ appKey: 'dingappkey', appSecret: 'dingtalk-app-secret' })
      const sends = fake.sends('/v1.0/robot/oToMessages/batchSend')
      expect(sends.map(tokenOf)).toEqual([expect.stringMatching(/^dingtalk-token-/), tokenOf(sends[0]!)])
      expect(sends.map((s) => s.body.userIds)).toEqual([['staff001'], ['staff002']])
    })

    it('is fetched again after a 401, and the send made once more with the new one', async () => {
      const openApi = sender()
      await openApi.send(person('staff001'), text('一'))
      fake.fail('/v1.0/robot/oToMessages/batchSend', { status: 401, json: { code: 'InvalidAuthentication', message: '不合法的access_token' } }, 1)
      await openApi.send(person('staff002'), text('二'))
      expect(fake.tokenRequests()).toBe(2)
      const [first, refused, accepted] = fake.sends('/v1.0/robot/oToMessages/batchSend')
      expect(tokenOf(refused!)).toBe(tokenOf(first!))
      expect(tokenOf(accepted!)).not.toBe(tokenOf(refused!))
      expect(accepted!.body).toEqual(refused!.body)
      // And it is the new token that stays cached.
      await openApi.send(person('staff003'), text('三'))
      expect(fake.tokenRequests()).toBe(2)
      expect(tokenOf(fake.sends('/v1.0/robot/oToMessages/batchSend')[3]!)).toBe(tokenOf(accepted!))
    })

    // Bug: api.dingtalk.com answers a revoked or expired token with HTTP 400 and code
    // InvalidAuthentication ("不合法的access_token"; seen in satorijs/satori#240,
    // alibabacloud-sdk-php/dingtalk#1, ClouGence/open-cdm#342), but src/channels/dingtalk/send.ts
    // refetches only on HTTP 401 (TOKEN_REFUSED, line 18): the send fails for good ('never') and
    // the refused token stays cached for the next sends too.
    it('is fetched again after HTTP 400 InvalidAuthentication, the answer DingTalk gives for a bad token', async () => {
      const openApi = sender()
      await openApi.send(person('staff001'), text('一'))
      fake.fail('/v1.0/robot/oToMessages/batchSend', { status: 400, json: { code: 'InvalidAuthentication', message: '不合法的access_token' } }, 1)
      await openApi.send(person('staff002'), text('二'))
      expect(fake.tokenRequests()).toBe(2)
      const [, refused, accepted] = fake.sends('/v1.0/robot/oToMessages/batchSend')
      expect(tokenOf(accepted!)).not.toBe(tokenOf(refused!))
    })
  })

  describe('a throttling answer is retried later, not dead-lettered', () => {
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

    // The codes src/channels/dingtalk/send.ts treats as throttling: HTTP 429 (sender.ts), an OpenAPI error code
    // naming a throttle or limit, recipients under flow control, and the custom robot's 130101 and 410100.
    it.each<[string, Recipient, string, Failure]>([
      ['HTTP 429 from the OpenAPI', person('staff009'), '/v1.0/robot/oToMessages/batchSend', { status: 429 }],
      ['HTTP 403 Forbidden.AccessDenied.QpsLimitForApi', person('staff009'), '/v1.0/robot/oToMessages/batchSend', { status: 403, json: { code: 'Forbidden.AccessDenied.QpsLimitForApi', message: '接口调用频率超限' } }],
      ['a recipient in flowControlledStaffIdList', person('staff009'), '/v1.0/robot/oToMessages/batchSend', { json: { processQueryKey: 'k', invalidStaffIdList: [], flowControlledStaffIdList: ['staff009'] } }],
      ['errcode 130101 (send too fast) from the custom robot', admins, '/robot/send', { errcode: 130101 }],
      ['errcode 410100 (robot throttled) from the custom robot', admins, '/robot/send', { errcode: 410100 }],
    ])('%s', async (_, to, path, failure) => {
      // The clock runs with real time and can be moved ahead past the throttle.
      let skew = 0
      const now = () => new Date(Date.now() + skew)
      const senders = new Map<Platform, ChannelSender>([['dingtalk', sender()]])
      const outbox = new Outbox(repo, senders, { now })
      // A backoff would come back after 10 ms; a throttle waits 10 minutes (§3.2: 10 minutes for the robot).
      worker = new OutboxWorker(repo, outbox, senders, silentLogger(), { now, pollIntervalMs: 10, retry: { baseDelayMs: 10, maxDelayMs: 10, throttleDelayMs: 10 * MINUTE } })
      worker.start()
      fake.fail(path, failure, 1)
      await outbox.enqueue({ to, message: text('限流后再发'), key: 'throttled' })
      const collection = store.connection.collection('outbox_messages')
      const record = () => collection.findOne({ key: 'throttled' })
      await waitUntil(async () => (await record())?.attempts === 1 && (await record())?.status === 'pending', 'the first try')
      const [first] = fake.sends(path)
      const waiting = await record()
      expect(waiting).toMatchObject({ status: 'pending', lastError: expect.any(String) })
      expect(waiting!.nextAttemptAt.getTime() - first!.at).toBeGreaterThanOrEqual(10 * MINUTE)
      await new Promise((resolve) => setTimeout(resolve, 150))
      expect(fake.sends(path)).toHaveLength(1)

      skew += 10 * MINUTE + 1000
      await waitUntil(async () => (await record())?.status === 'sent', 'the retry')
      expect(await record()).toMatchObject({ status: 'sent', attempts: 2 })
      expect(fake.sends(path)).toHaveLength(2)
      expect(await collection.countDocuments({ status: 'dead' })).toBe(0)
    })
  })
})
