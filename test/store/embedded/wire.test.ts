import { connect, type Socket } from 'node:net'
import { deserialize, serialize, type Document } from 'bson'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { silentLogger } from '../../../src/log.ts'
import { EmbeddedStore } from '../../../src/store/embedded/embedded-store.ts'

const OP_REPLY = 1
const OP_QUERY = 2004
const OP_MSG = 2013

function header(length: number, requestId: number, opCode: number): Buffer {
  const b = Buffer.alloc(16)
  b.writeInt32LE(length, 0)
  b.writeInt32LE(requestId, 4)
  b.writeInt32LE(0, 8)
  b.writeInt32LE(opCode, 12)
  return b
}

function opQuery(requestId: number, collection: string, query: Document): Buffer {
  const body = Buffer.concat([Buffer.alloc(4), Buffer.from(`${collection}\0`), Buffer.from([0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]), serialize(query)])
  return Buffer.concat([header(16 + body.length, requestId, OP_QUERY), body])
}

function opMsg(requestId: number, body: Document, sequences: Array<[string, Document[]]> = [], flags = 0): Buffer {
  const parts = [Buffer.from([flags, 0, 0, 0]), Buffer.from([0]), serialize(body)]
  for (const [name, docs] of sequences) {
    const payload = Buffer.concat([Buffer.from(`${name}\0`), ...docs.map((d) => serialize(d))])
    const size = Buffer.alloc(4)
    size.writeInt32LE(4 + payload.length)
    parts.push(Buffer.from([1]), size, payload)
  }
  const rest = Buffer.concat(parts)
  return Buffer.concat([header(16 + rest.length, requestId, OP_MSG), rest])
}

/** Sends raw bytes and reads one whole reply message. */
async function roundTrip(socket: Socket, bytes: Buffer): Promise<{ opCode: number; responseTo: number; doc: Document }> {
  socket.write(bytes)
  let data = Buffer.alloc(0)
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      data = Buffer.concat([data, chunk])
      if (data.length < 4 || data.length < data.readInt32LE(0)) return
      socket.off('data', onData)
      const opCode = data.readInt32LE(12)
      const responseTo = data.readInt32LE(8)
      const docStart = opCode === OP_REPLY ? 36 : 21
      resolve({ opCode, responseTo, doc: deserialize(data.subarray(docStart, data.readInt32LE(0))) })
    }
    socket.on('data', onData)
    socket.once('error', reject)
  })
}

describe('embedded store wire protocol', () => {
  let store: EmbeddedStore
  let socket: Socket
  beforeAll(async () => {
    store = await EmbeddedStore.start({ log: silentLogger() })
    socket = connect(store.port, '127.0.0.1')
    await new Promise((resolve) => socket.once('connect', resolve))
  })
  afterAll(async () => {
    socket.destroy()
    await store.close()
  })

  it('answers the legacy OP_QUERY isMaster handshake with OP_REPLY', async () => {
    const reply = await roundTrip(socket, opQuery(7, 'admin.$cmd', { ismaster: 1, helloOk: true, client: { driver: { name: 'raw' } } }))
    expect(reply.opCode).toBe(OP_REPLY)
    expect(reply.responseTo).toBe(7)
    expect(reply.doc).toMatchObject({ ismaster: true, helloOk: true, maxBsonObjectSize: 16777216, maxMessageSizeBytes: 48000000, maxWriteBatchSize: 100000, ok: 1 })
    expect(reply.doc).not.toHaveProperty('topologyVersion')
    expect(reply.doc).not.toHaveProperty('setName')
  })

  it('answers OP_MSG hello with isWritablePrimary', async () => {
    const reply = await roundTrip(socket, opMsg(8, { hello: 1, $db: 'admin' }))
    expect(reply.opCode).toBe(OP_MSG)
    expect(reply.doc).toMatchObject({ isWritablePrimary: true, ok: 1 })
    expect(reply.doc).not.toHaveProperty('helloOk')
  })

  it('folds kind-1 document sequences into the command', async () => {
    const reply = await roundTrip(socket, opMsg(9, { insert: 'seq', $db: 'wire' }, [['documents', [{ _id: 1 }, { _id: 2 }, { _id: 3 }]]]))
    expect(reply.doc).toMatchObject({ n: 3, ok: 1 })
    const found = await roundTrip(socket, opMsg(10, { find: 'seq', filter: {}, $db: 'wire' }))
    expect(found.doc.cursor.firstBatch).toEqual([{ _id: 1 }, { _id: 2 }, { _id: 3 }])
  })

  it('sends no reply when the client sets moreToCome, and still applies the write', async () => {
    socket.write(opMsg(11, { insert: 'quiet', $db: 'wire', writeConcern: { w: 0 } }, [['documents', [{ _id: 'q' }]]], 2))
    const next = await roundTrip(socket, opMsg(12, { count: 'quiet', $db: 'wire' }))
    expect(next.responseTo).toBe(12)
    expect(next.doc.n).toBe(1)
  })

  it('enforces the write batch size', async () => {
    const docs = Array.from({ length: 100_001 }, (_, i) => ({ _id: i }))
    const reply = await roundTrip(socket, opMsg(13, { insert: 'big', $db: 'wire' }, [['documents', docs]]))
    expect(reply.doc).toMatchObject({ ok: 0, code: 16, codeName: 'InvalidLength' })
  })

  it('refuses a document above 16 MiB', async () => {
    const reply = await roundTrip(socket, opMsg(14, { insert: 'huge', $db: 'wire' }, [['documents', [{ _id: 1, blob: 'x'.repeat(16 * 1024 * 1024) }]]]))
    expect(reply.doc).toMatchObject({ n: 0, writeErrors: [{ index: 0, code: 10334 }] })
  })

  it('answers a malformed body with an error and keeps the connection', async () => {
    const bad = opMsg(15, { ping: 1, $db: 'admin' })
    bad.writeInt32LE(9999, 21)
    const reply = await roundTrip(socket, bad)
    expect(reply.doc).toMatchObject({ ok: 0, code: 9 })
    expect((await roundTrip(socket, opMsg(16, { ping: 1, $db: 'admin' }))).doc.ok).toBe(1)
  })

  it('closes a connection that announces a message above maxMessageSizeBytes', async () => {
    const other = connect(store.port, '127.0.0.1')
    await new Promise((resolve) => other.once('connect', resolve))
    const closed = new Promise((resolve) => other.once('close', resolve))
    other.write(header(48_000_001, 1, OP_MSG))
    await closed
    expect(other.destroyed).toBe(true)
  })
})
