import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { OutboundMessage, Platform, Recipient } from '../../src/channels/message.ts'
import type { ChannelSender } from '../../src/channels/sender.ts'
import { WecomSender } from '../../src/channels/wecom/send.ts'
import { silentLogger } from '../../src/log.ts'
import { Outbox } from '../../src/outbox/outbox.ts'
import { OutboxWorker, type OutboxWorkerOptions } from '../../src/outbox/outbox-worker.ts'
import type { Store } from '../../src/store/open-store.ts'
import { OutboxMessages } from '../../src/store/outbox-messages.ts'
import { FakePlatform } from '../support/fake-platform.ts'
import { openTestStore } from '../support/test-store.ts'
import { waitUntil } from '../support/wait-until.ts'

const app = { corpId: 'wwcorp', token: 't', encodingAesKey: 'a'.repeat(43), agentId: 1000002, secret: 's', apiBase: '' }
const text = (t: string): OutboundMessage => ({ kind: 'text', text: t })
const person = (userId: string): Recipient => ({ kind: 'person', platform: 'wecom', userId })
const admins: Recipient = { kind: 'admins', platform: 'wecom' }

describe('OutboxWorker', () => {
  let fake: FakePlatform
  let store: Store
  let repo: OutboxMessages
  let outbox: Outbox
  let senders: Map<Platform, ChannelSender>
  const workers: OutboxWorker[] = []

  beforeAll(async () => {
    fake = await FakePlatform.start()
  })
  beforeEach(async () => {
    store = await openTestStore()
    repo = await OutboxMessages.open(store.connection)
    senders = new Map([['wecom', new WecomSender({ ...app, apiBase: fake.url }, { key: 'robot-key', apiBase: fake.url }, { timeoutMs: 200 })]])
    outbox = new Outbox(repo, senders)
    fake.reset()
  })
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()))
    await store.close()
  })
  afterAll(() => fake.close())

  function startWorker(options: OutboxWorkerOptions = {}): OutboxWorker {
    const worker = new OutboxWorker(repo, outbox, senders, silentLogger(), {
      pollIntervalMs: 10,
      retry: { baseDelayMs: 10, maxDelayMs: 50, throttleDelayMs: 30 },
      admins: async () => [admins],
      deadLetterText: (dead) => text(`告警 ${dead.key} ${dead.error}`),
      ...options,
    })
    workers.push(worker)
    worker.start()
    return worker
  }
  const collection = () => store.connection.collection('outbox_messages')

  it('sends once per idempotency key, however often it is enqueued', async () => {
    startWorker()
    const results = await Promise.all([1, 2, 3].map(() => outbox.enqueue({ to: person('u1'), message: text('一'), key: 'nudge:u1' })))
    expect(results.filter((r) => r.inserted)).toHaveLength(1)
    await fake.waitForSends(1, '/cgi-bin/message/send')
    await waitUntil(async () => (await collection().countDocuments({ status: 'sent' })) === 1, 'sent')
    await outbox.enqueue({ to: person('u1'), message: text('一'), key: 'nudge:u1' })
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(fake.sends('/cgi-bin/message/send')).toHaveLength(1)
    expect(fake.tokenRequests()).toBe(1)
  })

  it('enqueues many in one write, each key once: within the batch, and across batches', async () => {
    await outbox.enqueue({ to: person('u1'), message: text('一'), key: 'nudge:u1' })
    const first = await outbox.enqueueMany([
      { to: person('u1'), message: text('一'), key: 'nudge:u1' },
      { to: person('u2'), message: text('二'), key: 'nudge:u2' },
      { to: person('u2'), message: text('二'), key: 'nudge:u2' },
      { to: person('u3'), message: text('三'), key: 'nudge:u3' },
    ])
    expect(first.map((r) => r.inserted)).toEqual([false, true, false, true])
    expect((await outbox.enqueueMany([{ to: person('u3'), message: text('三'), key: 'nudge:u3' }])).map((r) => r.inserted)).toEqual([false])
    startWorker()
    await fake.waitForSends(3, '/cgi-bin/message/send')
    await waitUntil(async () => (await collection().countDocuments({ status: 'sent' })) === 3, 'sent')
    expect(fake.sends('/cgi-bin/message/send').map((s) => (s.body as { touser: string }).touser).sort()).toEqual(['u1', 'u2', 'u3'])
  })

  it.each([
    ['HTTP 502', { status: 502 }],
    ['errcode -1 (busy)', { errcode: -1 }],
    ['errcode 45009 (rate limit)', { errcode: 45009 }],
    ['a request that never ends', 'hang' as const],
  ])('retries after %s and then sends', async (_, failure) => {
    fake.fail('/cgi-bin/message/send', failure, 2)
    startWorker()
    await outbox.enqueue({ to: person('u2'), message: text('二'), key: 'k2' })
    await waitUntil(async () => (await collection().findOne({ key: 'k2' }))?.status === 'sent', 'sent')
    expect(await collection().findOne({ key: 'k2' })).toMatchObject({ attempts: 3, via: 'send' })
    expect(fake.sends('/cgi-bin/message/send')).toHaveLength(3)
  })

  it('keeps a destination in order while its earlier message waits to be retried, and others not waiting', async () => {
    fake.fail('/cgi-bin/message/send', { status: 502 }, 1)
    // A backoff long enough for the two later messages to be written while the first waits.
    startWorker({ retry: { baseDelayMs: 500, maxDelayMs: 500, throttleDelayMs: 500 } })
    await outbox.enqueue({ to: person('u7'), message: text('一'), key: 'o1' })
    await waitUntil(async () => (await collection().findOne({ key: 'o1' }))?.attempts === 1, 'the first try')
    await outbox.enqueue({ to: person('u7'), message: text('二'), key: 'o2' })
    await outbox.enqueue({ to: person('u8'), message: text('别人的'), key: 'o3' })
    await waitUntil(async () => (await collection().countDocuments({ status: 'sent' })) === 3, 'sent')
    const contents = (touser: string) =>
      fake.sends('/cgi-bin/message/send').filter((s) => (s.body as { touser: string }).touser === touser).map((s) => (s.body as { text: { content: string } }).text.content)
    expect(contents('u7')).toEqual(['一', '一', '二'])
    // u8's message did not wait for u7's retry.
    const order = fake.sends('/cgi-bin/message/send').map((s) => (s.body as { text: { content: string } }).text.content)
    expect(order.indexOf('别人的')).toBeLessThan(order.lastIndexOf('一'))
  })

  it('waits at least the throttle delay after 45009', async () => {
    fake.fail('/cgi-bin/message/send', { errcode: 45009 }, 1)
    startWorker({ retry: { baseDelayMs: 1, maxDelayMs: 1, throttleDelayMs: 300 } })
    await outbox.enqueue({ to: person('u3'), message: text('三'), key: 'k3' })
    await waitUntil(async () => (await collection().findOne({ key: 'k3' }))?.status === 'sent', 'sent')
    const [first, second] = fake.sends('/cgi-bin/message/send')
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(290)
  })

  it('fetches a new token once when WeCom refuses the cached one (40014)', async () => {
    startWorker()
    await outbox.enqueue({ to: person('u4'), message: text('四'), key: 'k4a' })
    await fake.waitForSends(1, '/cgi-bin/message/send')
    fake.fail('/cgi-bin/message/send', { errcode: 40014 }, 1)
    await outbox.enqueue({ to: person('u4'), message: text('四'), key: 'k4b' })
    await waitUntil(async () => (await collection().findOne({ key: 'k4b' }))?.status === 'sent', 'sent')
    expect(fake.tokenRequests()).toBe(2)
    const sends = fake.sends('/cgi-bin/message/send')
    expect(sends).toHaveLength(3)
    expect(sends[2]!.query.get('access_token')).not.toBe(sends[1]!.query.get('access_token'))
  })

  it('gives up after the last try, marks the message dead and alerts the admin group once', async () => {
    fake.fail('/cgi-bin/message/send', { status: 500 }, 100)
    startWorker({ maxAttempts: 3 })
    await outbox.enqueue({ to: person('u5'), message: text('五'), key: 'k5' })
    const [alert] = await fake.waitForSends(1, '/cgi-bin/webhook/send')
    expect(alert!.query.get('key')).toBe('robot-key')
    expect(alert!.body).toMatchObject({ msgtype: 'text', text: { content: expect.stringContaining('告警 k5') } })
    expect(await collection().findOne({ key: 'k5' })).toMatchObject({ status: 'dead', attempts: 3, lastError: expect.stringContaining('HTTP 500') })
    expect(fake.sends('/cgi-bin/message/send')).toHaveLength(3)
  })

  it('gives up at once on an error no retry can fix', async () => {
    fake.fail('/cgi-bin/message/send', { errcode: 81013 }, 1)
    startWorker()
    await outbox.enqueue({ to: person('nobody'), message: text('六'), key: 'k6' })
    await fake.waitForSends(1, '/cgi-bin/webhook/send')
    expect(await collection().findOne({ key: 'k6' })).toMatchObject({ status: 'dead', attempts: 1 })
  })

  it('keeps a group robot to 20 messages a minute and sends the rest when the minute is over', async () => {
    let clock = Date.parse('2026-11-18T02:00:00Z')
    const now = () => new Date(clock)
    outbox = new Outbox(repo, senders, { now })
    startWorker({ now })
    for (let i = 0; i < 25; i++) await outbox.enqueue({ to: admins, message: text(`第${i}条`), key: `digest:${i}` })
    await fake.waitForSends(20, '/cgi-bin/webhook/send')
    // The 21st waits for the next minute, and the other four behind it, put off as long.
    await waitUntil(async () => (await collection().countDocuments({ status: 'pending', nextAttemptAt: { $gt: now() } })) === 5, 'the last five waiting')
    expect(fake.sends('/cgi-bin/webhook/send')).toHaveLength(20)
    clock += 61_000
    await fake.waitForSends(25, '/cgi-bin/webhook/send')
    expect(fake.sends('/cgi-bin/webhook/send').map((s) => s.body.text.content)).toEqual(Array.from({ length: 25 }, (_, i) => `第${i}条`))
  })

  it('counts every try against a rate limit, a message retried five times as five', async () => {
    let clock = Date.parse('2026-11-18T03:00:00Z')
    const now = () => new Date(clock)
    outbox = new Outbox(repo, senders, { now })
    fake.fail('/cgi-bin/webhook/send', { status: 502 }, 5)
    startWorker({ now, retry: { baseDelayMs: 0, maxDelayMs: 0, throttleDelayMs: 0 } })
    for (let i = 0; i < 18; i++) await outbox.enqueue({ to: admins, message: text(`第${i}条`), key: `retried:${i}` })
    // The first message's five failed tries and its sixth, then fourteen more: the minute's twenty.
    await fake.waitForSends(20, '/cgi-bin/webhook/send')
    await waitUntil(async () => (await collection().countDocuments({ status: 'pending', nextAttemptAt: { $gt: now() } })) === 3, 'the last three waiting')
    expect(await collection().countDocuments({ status: 'sent' })).toBe(15)
    expect(fake.sends('/cgi-bin/webhook/send')).toHaveLength(20)
    clock += 61_000
    await waitUntil(async () => (await collection().countDocuments({ status: 'sent' })) === 18, 'the rest sent')
  })

  it('drops the index the rate limits no longer read when it opens', async () => {
    await collection().createIndex({ destinationKey: 1, lastAttemptAt: 1 })
    await OutboxMessages.open(store.connection)
    expect((await collection().indexes()).map((i) => i.name)).not.toContain('destinationKey_1_lastAttemptAt_1')
  })

  it('counts the tries of every window of a destination in one query', async () => {
    const at = (minutesAgo: number) => new Date(Date.parse('2026-11-18T04:00:00Z') - minutesAgo * 60_000)
    const base = { recipient: person('u9'), message: text('九'), destinationKey: 'wecom:member:u9', status: 'sent', createdAt: at(90), nextAttemptAt: at(90) }
    await collection().insertMany([
      { ...base, key: 'w1', attemptTimes: [at(50), at(0.5)] },
      { ...base, key: 'w2', attemptTimes: [at(2), at(0.2)] },
      { ...base, key: 'w3', attemptTimes: [at(70)] },
      { ...base, key: 'other', destinationKey: 'wecom:member:u10', attemptTimes: [at(0.1)] },
    ])
    expect(await repo.attemptsSince('wecom:member:u9', [at(1), at(60)])).toEqual([
      { count: 2, earliest: at(0.5) },
      { count: 4, earliest: at(50) },
    ])
    expect(await repo.attemptsSince('wecom:member:nobody', [at(1)])).toEqual([{ count: 0, earliest: undefined }])
  })

  it('sends a message left "sending" by a crashed worker once its lease is over, and never a sent one', async () => {
    const past = new Date(Date.now() - 60_000)
    const base = { recipient: person('u7'), message: text('七'), destinationKey: 'wecom:member:u7', createdAt: past, nextAttemptAt: past }
    await collection().insertMany([
      { ...base, key: 'crashed', status: 'sending', attempts: 1, attemptTimes: [past], leaseUntil: past, leaseOwner: 'gone' },
      { ...base, key: 'done', status: 'sent', attempts: 1, sentAt: past },
      { ...base, key: 'still-leased', status: 'sending', attempts: 1, leaseUntil: new Date(Date.now() + 60_000), leaseOwner: 'alive' },
    ])
    startWorker()
    await waitUntil(async () => (await collection().findOne({ key: 'crashed' }))?.status === 'sent', 'resent')
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(fake.sends('/cgi-bin/message/send')).toHaveLength(1)
    expect(await collection().findOne({ key: 'still-leased' })).toMatchObject({ status: 'sending', leaseOwner: 'alive' })
  })

  it('lets two workers share one store without sending anything twice', async () => {
    for (let i = 0; i < 30; i++) await outbox.enqueue({ to: person(`p${i}`), message: text(`${i}`), key: `shared:${i}` })
    startWorker()
    startWorker()
    await fake.waitForSends(30, '/cgi-bin/message/send')
    await waitUntil(async () => (await collection().countDocuments({ status: 'sent' })) === 30, 'all sent')
    const recipients = fake.sends('/cgi-bin/message/send').map((s) => s.body.touser)
    expect(new Set(recipients).size).toBe(30)
    expect(recipients).toHaveLength(30)
  })
})
