import { randomBytes } from 'node:crypto'
import mongoose, { type Connection } from 'mongoose'
import { openTestStore } from '../../support/test-store.ts'

export interface ConformanceDb {
  readonly connection: Connection
  /** True on the embedded store; some answers (e.g. refusing Decimal128) are ours only. */
  readonly embedded: boolean
  close(): Promise<void>
}

/**
 * A fresh database for one conformance file, on the embedded store or on MONGODB_URI.
 * The suite talks to it only through a plain mongoose connection, as any client would.
 */
export async function openConformanceDb(): Promise<ConformanceDb> {
  const store = await openTestStore()
  const uri = store.embedded ? store.embedded.uri('conformance') : process.env.MONGODB_URI!
  const dbName = `conformance_${randomBytes(4).toString('hex')}`
  const connection = await mongoose.createConnection(uri, { dbName, autoIndex: false }).asPromise()
  return {
    connection,
    embedded: store.kind === 'embedded',
    async close() {
      await connection.dropDatabase()
      await connection.close()
      await store.close()
    },
  }
}
