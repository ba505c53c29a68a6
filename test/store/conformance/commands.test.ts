import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openConformanceDb, type ConformanceDb } from './conformance-db.ts'

describe('conformance: server commands', () => {
  let db: ConformanceDb
  beforeAll(async () => {
    db = await openConformanceDb()
  })
  afterAll(() => db.close())

  it('answers hello, ping and buildInfo', async () => {
    const admin = db.connection.db!.admin()
    const hello = await db.connection.db!.command({ hello: 1 })
    expect(hello).toMatchObject({ isWritablePrimary: true, maxBsonObjectSize: 16 * 1024 * 1024, ok: 1 })
    expect(hello.maxWriteBatchSize).toBeGreaterThanOrEqual(1000)
    expect(await admin.ping()).toMatchObject({ ok: 1 })
    expect((await admin.buildInfo()).version).toMatch(/^\d+\.\d+/)
  })

  it('names an unknown command in CommandNotFound (59)', async () => {
    await expect(db.connection.db!.command({ frobnicate: 1 })).rejects.toMatchObject({ code: 59, message: expect.stringContaining('frobnicate') })
  })

  it('refuses transactions as a standalone mongod does', async () => {
    if (!db.embedded) return
    const session = db.connection.getClient().startSession()
    try {
      session.startTransaction()
      const error = await db.connection.collection('tx').insertOne({ a: 1 }, { session }).catch((e) => e)
      // The driver rewords code 20 for writes, keeping the server's answer as originalError.
      expect(error.message).toContain('does not support retryable writes')
      expect(error.errorResponse.originalError).toMatchObject({ code: 20, codeName: 'IllegalOperation' })
      await session.abortTransaction().catch(() => {})
    } finally {
      await session.endSession()
    }
    expect(await db.connection.collection('tx').countDocuments()).toBe(0)
  })

  it('lets mongoose sessions without transactions work', async () => {
    const session = await db.connection.startSession()
    await db.connection.collection('sessions').insertOne({ a: 1 }, { session })
    await session.endSession()
    expect(await db.connection.collection('sessions').countDocuments()).toBe(1)
  })
})
