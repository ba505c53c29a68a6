import mongoose, { type Connection } from 'mongoose'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { InboundMessages } from '../../src/store/inbound-messages.ts'
import type { Store } from '../../src/store/open-store.ts'
import { openTestStore } from '../support/test-store.ts'

/** The inbox's repository: single writes made together reach the store as one command. */
describe('InboundMessages', () => {
  let store: Store
  let connection: Connection
  let repo: InboundMessages
  const commands: string[] = []

  beforeAll(async () => {
    store = await openTestStore()
    // A second client on the same store that reports the commands it sends.
    const uri = process.env.MONGODB_URI ?? store.embedded!.uri('liaison')
    connection = await mongoose.createConnection(uri, { monitorCommands: true, dbName: store.connection.name }).asPromise()
    connection.getClient().on('commandStarted', (event) => commands.push(event.commandName))
    repo = await InboundMessages.open(connection)
  })
  afterAll(async () => {
    await connection.close()
    await store.close()
  })

  const record = (key: string) => ({ key, conversationKey: `c:${key}`, message: { text: key }, sentAt: new Date('2026-12-01T02:00:00Z'), acceptedAt: new Date('2026-12-01T02:00:01Z') })

  it('stores the messages of one turn in one insert, and a second copy among them as a duplicate', async () => {
    commands.length = 0
    const leaseUntil = new Date('2026-12-01T02:05:00Z')
    const outcomes = await Promise.all([
      repo.insert(record('t1:a'), { leaseUntil }),
      repo.insert(record('t1:b')),
      repo.insert(record('t1:a')),
      repo.insert(record('t1:c'), { leaseUntil }),
    ])
    expect(outcomes).toEqual(['inserted', 'inserted', 'duplicate', 'inserted'])
    expect(commands.filter((c) => c === 'insert')).toHaveLength(1)
    expect(await repo.findByKey('t1:a')).toMatchObject({ status: 'processing', leaseUntil, attempts: 1 })
    expect(await repo.findByKey('t1:b')).toMatchObject({ status: 'pending', attempts: 0 })
    expect((await repo.findByKey('t1:b'))?.leaseUntil).toBeUndefined()
  })

  it('marks the outcomes of one turn together, each failure with its own error', async () => {
    const leaseUntil = new Date('2026-12-01T02:05:00Z')
    await Promise.all(['t2:a', 't2:b', 't2:c'].map((key) => repo.insert(record(key), { leaseUntil })))
    commands.length = 0
    const at = new Date('2026-12-01T02:00:02Z')
    await Promise.all([repo.finish('t2:a', 'done', at), repo.finish('t2:b', 'failed', at, '处理失败'), repo.finish('t2:c', 'done', new Date(at.getTime() + 5))])
    expect(commands.filter((c) => c === 'update')).toHaveLength(2)
    const a = await repo.findByKey('t2:a')
    expect(a).toMatchObject({ status: 'done', handledAt: new Date(at.getTime() + 5) })
    expect(a?.leaseUntil).toBeUndefined()
    expect(await repo.findByKey('t2:b')).toMatchObject({ status: 'failed', handledAt: at, error: '处理失败' })
    expect(await repo.findByKey('t2:c')).toMatchObject({ status: 'done' })
  })

  it('sends what arrives while a batch is on its way as the next batch', async () => {
    commands.length = 0
    const first = repo.insert(record('t3:a'))
    // Once the first batch has left, these wait for its answer and then go together.
    await vi.waitFor(() => expect(commands).toContain('insert'), { interval: 1 })
    const later = Promise.all(['t3:b', 't3:c', 't3:d'].map((key) => repo.insert(record(key))))
    expect(await first).toBe('inserted')
    expect(await later).toEqual(['inserted', 'inserted', 'inserted'])
    expect(commands.filter((c) => c === 'insert')).toHaveLength(2)
  })

  it('fails only the message the store refuses, not the others of its batch', async () => {
    const tooLarge = { ...record('t4:big'), message: { text: 'x'.repeat(17 * 1024 * 1024) } }
    const [fine, refused] = await Promise.allSettled([repo.insert(record('t4:a')), repo.insert(tooLarge)])
    expect(fine).toEqual({ status: 'fulfilled', value: 'inserted' })
    expect(refused.status).toBe('rejected')
    expect(await repo.findByKey('t4:a')).toMatchObject({ status: 'pending' })
    expect(await repo.findByKey('t4:big')).toBeNull()
  })
})
