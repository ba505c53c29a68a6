import { afterEach, describe, expect, it } from 'vitest'
import type { InboundMessage, MessageHandler } from '../../src/channels/message.ts'
import type { Store } from '../../src/store/open-store.ts'
import { startTestApp, type TestApp } from '../support/test-app.ts'
import { openTestStore } from '../support/test-store.ts'

/** Sends one local chat message as `userId`. */
async function say(app: TestApp, userId: string, id: string, text: string): Promise<Response> {
  return fetch(`${app.url}/local/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id, sender: { userId, name: userId }, chat: { type: 'single' }, text }),
  })
}

describe('Inbox', () => {
  const opened: Array<TestApp | Store> = []
  afterEach(async () => {
    for (const part of opened.splice(0).reverse()) await part.close()
  })

  it('handles one conversation in the order sent, even when an earlier message takes longer', async () => {
    const handled: string[] = []
    const slowFirst: MessageHandler = async (message, reply) => {
      if (message.text === '一') await new Promise((resolve) => setTimeout(resolve, 150))
      handled.push(`${message.sender.userId}:${message.text}`)
      await reply({ kind: 'text', text: message.text })
    }
    const app = await startTestApp({ handler: slowFirst })
    opened.push(app)
    for (const [id, text] of [['a1', '一'], ['a2', '二'], ['a3', '三']]) await say(app, 'alice', id!, text!)
    await say(app, 'bob', 'b1', '乙')
    await app.inbox.idle()
    expect(handled.filter((h) => h.startsWith('alice'))).toEqual(['alice:一', 'alice:二', 'alice:三'])
    // Another person's conversation does not wait for alice's slow message.
    expect(handled.indexOf('bob:乙')).toBeLessThan(handled.indexOf('alice:一'))
  })

  it('keeps order and drops copies among messages accepted in the same turn', async () => {
    const handled: string[] = []
    const app = await startTestApp({ handler: async (m) => void handled.push(m.text) })
    opened.push(app)
    const chat = { corpId: 'local', chatId: 'fay', type: 'single' as const }
    const sentAt = new Date()
    const message = (id: string, text: string, offsetMs: number): InboundMessage => ({
      platform: 'local', platformMessageId: id, chat, sender: { userId: 'fay', name: 'fay' }, text, mentions: [], sentAt: new Date(sentAt.getTime() + offsetMs), replyTo: { platform: 'local', chat, userId: 'fay' },
    })
    // The first is stored claimed and handled at once; the others queue behind it.
    const acceptances = await Promise.all([
      app.inbox.accept(message('f1', '一', 0), 'msg:f1'),
      app.inbox.accept(message('f2', '二', 1), 'msg:f2'),
      app.inbox.accept(message('f1', '一', 0), 'msg:f1'),
      app.inbox.accept(message('f3', '三', 2), 'msg:f3'),
    ])
    expect(acceptances.map((a) => a.status)).toEqual(['accepted', 'accepted', 'duplicate', 'accepted'])
    await app.inbox.idle()
    expect(handled).toEqual(['一', '二', '三'])
    expect(await app.store.connection.collection('inbound_messages').countDocuments({ conversationKey: 'local:local:single:fay', status: 'done' })).toBe(3)
  })

  it('keeps the passive reply for the first copy when a re-delivery arrives while it waits', async () => {
    let release!: () => void
    const released = new Promise<void>((resolve) => (release = resolve))
    const app = await startTestApp({
      handler: async (_, reply) => {
        await released
        await reply({ kind: 'text', text: '收到' })
      },
    })
    opened.push(app)
    const chat = { corpId: 'local', chatId: 'gus', type: 'single' as const }
    const message: InboundMessage = { platform: 'local', platformMessageId: 'g1', chat, sender: { userId: 'gus', name: 'gus' }, text: '你好', mentions: [], sentAt: new Date(), replyTo: { platform: 'local', chat, userId: 'gus' } }
    const first = await app.inbox.accept(message, 'msg:g1', { passive: () => true })
    const copy = await app.inbox.accept(message, 'msg:g1', { passive: () => true })
    expect([first.status, copy.status]).toEqual(['accepted', 'duplicate'])
    const answer = first.passiveReply(5000)
    release()
    expect(await answer).toEqual({ kind: 'text', text: '收到' })
    await app.inbox.idle()
  })

  it('handles after a restart what was accepted but not handled, and nothing twice', async () => {
    const store = await openTestStore()
    opened.push(store)
    const now = new Date()
    const message = (id: string, text: string): InboundMessage => {
      const chat = { corpId: 'local', chatId: 'carol', type: 'single' as const }
      return { platform: 'local', platformMessageId: id, chat, sender: { userId: 'carol', name: 'carol' }, text, mentions: [], sentAt: now, replyTo: { platform: 'local', chat, userId: 'carol' } }
    }
    // What a bot that stopped mid-way leaves: one accepted, one taken by a handler whose lease ran out, one done.
    const conversationKey = 'local:local:single:carol'
    const past = new Date(now.getTime() - 60_000)
    await store.connection.collection('inbound_messages').insertMany([
      { key: 'local:msg:c1', conversationKey, message: message('c1', '一'), status: 'pending', sentAt: past, acceptedAt: past, attempts: 0 },
      { key: 'local:msg:c0', conversationKey, message: message('c0', '零'), status: 'processing', sentAt: new Date(past.getTime() - 1), acceptedAt: past, leaseUntil: past, attempts: 1 },
      { key: 'local:msg:cx', conversationKey, message: message('cx', '旧'), status: 'done', sentAt: past, acceptedAt: past, attempts: 1 },
    ])
    const handled: string[] = []
    const app = await startTestApp({ store, handler: async (m) => void handled.push(m.text) })
    opened.push(app)
    await app.inbox.idle()
    expect(handled).toEqual(['零', '一'])
    expect(await store.connection.collection('inbound_messages').countDocuments({ status: 'done' })).toBe(3)
  })

  it('re-runs a handler cut off by a crash without sending its replies twice', async () => {
    const store = await openTestStore()
    opened.push(store)
    const past = new Date(Date.now() - 60_000)
    const chat = { corpId: 'local', chatId: 'dave', type: 'single' as const }
    const message: InboundMessage = { platform: 'local', platformMessageId: 'd1', chat, sender: { userId: 'dave', name: 'dave' }, text: '你好', mentions: [], sentAt: past, replyTo: { platform: 'local', chat, userId: 'dave' } }
    // The handler had replied (the reply was even sent) when the process died, before the message was marked done.
    await store.connection.collection('inbound_messages').insertOne({ key: 'local:msg:d1', conversationKey: 'local:local:single:dave', message, status: 'processing', sentAt: past, acceptedAt: past, leaseUntil: past, attempts: 1 })
    const recipient = { kind: 'reply', target: message.replyTo }
    await store.connection.collection('outbox_messages').insertOne({ key: 'local:msg:d1#0', recipient, message: { kind: 'text', text: '好的' }, destinationKey: 'local:user:dave', status: 'sent', attempts: 1, nextAttemptAt: past, createdAt: past, sentAt: past })
    let runs = 0
    const app = await startTestApp({ store, handler: async (_, reply) => void (runs++, await reply({ kind: 'text', text: '好的' })) })
    opened.push(app)
    await app.inbox.idle()
    expect(runs).toBe(1)
    expect(await store.connection.collection('outbox_messages').find().toArray()).toMatchObject([{ key: 'local:msg:d1#0', status: 'sent', sentAt: past }])
    const replies = (await (await fetch(`${app.url}/local/replies?type=single&id=dave`)).json()) as { replies: unknown[] }
    expect(replies.replies).toHaveLength(0)
  })

  it('apologises when the handler fails and records the failure', async () => {
    const app = await startTestApp({ handler: async () => Promise.reject(new Error('handler broke')) })
    opened.push(app)
    await say(app, 'erin', 'e1', '你好')
    await app.inbox.idle()
    const replies = (await (await fetch(`${app.url}/local/replies?type=single&id=erin&waitMs=5000`)).json()) as { replies: Array<{ message: { text: string } }> }
    expect(replies.replies[0]!.message.text).toContain('抱歉')
    expect(await app.store.connection.collection('inbound_messages').findOne({ key: 'local:msg:e1' })).toMatchObject({ status: 'failed', error: 'handler broke' })
  })
})
