import { deserialize, serialize, type Document } from 'bson'
import { bsonObjectTooLarge, failedToParse } from '../errors.ts'
import { MAX_BSON_OBJECT_SIZE } from '../limits.ts'

/** Opcodes of the MongoDB wire protocol (https://www.mongodb.com/docs/manual/reference/mongodb-wire-protocol/). */
export const OP_REPLY = 1
export const OP_QUERY = 2004
export const OP_COMPRESSED = 2012
export const OP_MSG = 2013

const FLAG_CHECKSUM_PRESENT = 1 << 0
const FLAG_MORE_TO_COME = 1 << 1
const HEADER_SIZE = 16

/**
 * Values stay as BSON gives them except numbers and strings: Long and Decimal128 are kept as
 * objects so that the store can refuse them instead of silently rounding.
 */
export const DESERIALIZE_OPTIONS = { promoteLongs: false, promoteBuffers: false, bsonRegExp: false } as const

export interface Header {
  readonly length: number
  readonly requestId: number
  readonly responseTo: number
  readonly opCode: number
}

export interface CommandRequest {
  readonly requestId: number
  readonly opCode: typeof OP_MSG | typeof OP_QUERY
  /** The command with kind-1 sequences folded in as arrays, as MongoDB itself does. */
  readonly command: Document
  /** OP_MSG moreToCome: the client expects no reply (unacknowledged writes). */
  readonly moreToCome: boolean
}

export function readHeader(buf: Buffer): Header {
  return {
    length: buf.readInt32LE(0),
    requestId: buf.readInt32LE(4),
    responseTo: buf.readInt32LE(8),
    opCode: buf.readInt32LE(12),
  }
}

/** Parses one whole message (header included); throws FailedToParse on malformed bytes. */
export function parseRequest(buf: Buffer): CommandRequest {
  const header = readHeader(buf)
  if (header.opCode === OP_MSG) return parseOpMsg(buf, header)
  if (header.opCode === OP_QUERY) return parseOpQuery(buf, header)
  throw failedToParse(`unsupported wire opcode ${header.opCode}`)
}

function parseOpMsg(buf: Buffer, header: Header): CommandRequest {
  const flags = buf.readUInt32LE(HEADER_SIZE)
  const end = flags & FLAG_CHECKSUM_PRESENT ? buf.length - 4 : buf.length
  let offset = HEADER_SIZE + 4
  let body: Document | undefined
  const sequences: Array<[string, Document[]]> = []
  while (offset < end) {
    const kind = buf[offset]
    offset += 1
    if (kind === 0) {
      const size = documentSize(buf, offset, end)
      body = deserialize(buf.subarray(offset, offset + size), DESERIALIZE_OPTIONS)
      offset += size
    } else if (kind === 1) {
      const size = buf.readInt32LE(offset)
      const sectionEnd = offset + size
      if (size < 5 || sectionEnd > end) throw failedToParse('OP_MSG document sequence overruns the message')
      const nameEnd = buf.indexOf(0, offset + 4)
      if (nameEnd < 0 || nameEnd >= sectionEnd) throw failedToParse('OP_MSG document sequence has no identifier')
      const identifier = buf.toString('utf8', offset + 4, nameEnd)
      const docs: Document[] = []
      let at = nameEnd + 1
      while (at < sectionEnd) {
        const docSize = documentSize(buf, at, sectionEnd)
        docs.push(deserialize(buf.subarray(at, at + docSize), DESERIALIZE_OPTIONS))
        at += docSize
      }
      sequences.push([identifier, docs])
      offset = sectionEnd
    } else {
      throw failedToParse(`unknown OP_MSG section kind ${kind}`)
    }
  }
  if (!body) throw failedToParse('OP_MSG has no body section')
  for (const [identifier, docs] of sequences) {
    const existing = body[identifier]
    body[identifier] = Array.isArray(existing) ? [...existing, ...docs] : docs
  }
  return { requestId: header.requestId, opCode: OP_MSG, command: body, moreToCome: (flags & FLAG_MORE_TO_COME) !== 0 }
}

/** Legacy OP_QUERY: only commands on `<db>.$cmd` (the driver's first handshake) are accepted. */
function parseOpQuery(buf: Buffer, header: Header): CommandRequest {
  let offset = HEADER_SIZE + 4
  const nameEnd = buf.indexOf(0, offset)
  if (nameEnd < 0) throw failedToParse('OP_QUERY has no collection name')
  const fullName = buf.toString('utf8', offset, nameEnd)
  offset = nameEnd + 1 + 8
  const size = documentSize(buf, offset, buf.length)
  let query = deserialize(buf.subarray(offset, offset + size), DESERIALIZE_OPTIONS)
  if (!fullName.endsWith('.$cmd')) throw failedToParse(`OP_QUERY is only supported for commands, not on ${fullName}`)
  // Drivers wrap commands sent with read preferences as { $query: cmd, $readPreference }.
  if (query.$query && typeof query.$query === 'object') query = query.$query as Document
  return {
    requestId: header.requestId,
    opCode: OP_QUERY,
    command: { ...query, $db: fullName.slice(0, -'.$cmd'.length) },
    moreToCome: false,
  }
}

function documentSize(buf: Buffer, offset: number, end: number): number {
  if (offset + 5 > end) throw failedToParse('truncated BSON document')
  const size = buf.readInt32LE(offset)
  if (size < 5 || offset + size > end) throw failedToParse('BSON document length overruns the message')
  if (size > MAX_BSON_OBJECT_SIZE + 16 * 1024) throw bsonObjectTooLarge(`BSON document of ${size} bytes is too large`)
  return size
}

let nextRequestId = 1

/**
 * A cursor batch of documents already in BSON (a find's matches, as stored): the reply embeds
 * their bytes instead of serializing decoded copies.
 */
export class RawBatch {
  constructor(readonly docs: readonly Uint8Array[]) {}
}

/** A reply with its cursor's RawBatch decoded: for callers in this process that read replies as documents. */
export function withDecodedBatches(reply: Document): Document {
  const cursor = reply.cursor as Document | undefined
  const field = cursor?.firstBatch instanceof RawBatch ? 'firstBatch' : cursor?.nextBatch instanceof RawBatch ? 'nextBatch' : undefined
  if (!cursor || !field) return reply
  const docs = (cursor[field] as RawBatch).docs.map((bytes) => deserialize(bytes, DESERIALIZE_OPTIONS))
  return { ...reply, cursor: { ...cursor, [field]: docs } }
}

/** The reply's BSON; a cursor reply with a RawBatch is assembled around the batch's bytes. */
function encodeBody(reply: Document): Uint8Array {
  const cursor = reply.cursor as Document | undefined
  const field = cursor?.firstBatch instanceof RawBatch ? 'firstBatch' : cursor?.nextBatch instanceof RawBatch ? 'nextBatch' : undefined
  if (!cursor || !field) return serialize(reply)
  const { [field]: batch, ...cursorRest } = cursor
  const { cursor: _cursor, ...rest } = reply
  const cursorBody = prepend(serialize(cursorRest), element(0x04, field, arrayOf((batch as RawBatch).docs)))
  return prepend(serialize(rest), element(0x03, 'cursor', cursorBody))
}

/** A BSON element: type, name, value bytes (https://bsonspec.org/spec.html). */
function element(type: number, name: string, value: Uint8Array): Buffer {
  const nameBytes = Buffer.from(name, 'utf8')
  const out = Buffer.allocUnsafe(1 + nameBytes.length + 1 + value.length)
  out[0] = type
  nameBytes.copy(out, 1)
  out[1 + nameBytes.length] = 0
  out.set(value, 2 + nameBytes.length)
  return out
}

/** A BSON array of documents: elements named 0, 1, 2 … */
function arrayOf(docs: readonly Uint8Array[]): Buffer {
  const elements = docs.map((doc, i) => element(0x03, String(i), doc))
  const size = 4 + elements.reduce((n, e) => n + e.length, 0) + 1
  const out = Buffer.allocUnsafe(size)
  out.writeInt32LE(size, 0)
  let at = 4
  for (const e of elements) at += e.copy(out, at)
  out[at] = 0
  return out
}

/** A document with one element put before its own. */
function prepend(doc: Uint8Array, first: Uint8Array): Buffer {
  const size = doc.length + first.length
  const out = Buffer.allocUnsafe(size)
  out.writeInt32LE(size, 0)
  out.set(first, 4)
  out.set(doc.subarray(4), 4 + first.length)
  return out
}

export function encodeOpMsg(responseTo: number, reply: Document): Buffer {
  const body = encodeBody(reply)
  const header = Buffer.alloc(HEADER_SIZE + 5)
  header.writeInt32LE(HEADER_SIZE + 5 + body.length, 0)
  header.writeInt32LE(nextRequestId++ & 0x7fffffff, 4)
  header.writeInt32LE(responseTo, 8)
  header.writeInt32LE(OP_MSG, 12)
  header.writeUInt32LE(0, 16)
  header.writeUInt8(0, 20)
  return Buffer.concat([header, body])
}

export function encodeOpReply(responseTo: number, reply: Document): Buffer {
  const body = encodeBody(reply)
  const header = Buffer.alloc(HEADER_SIZE + 20)
  header.writeInt32LE(HEADER_SIZE + 20 + body.length, 0)
  header.writeInt32LE(nextRequestId++ & 0x7fffffff, 4)
  header.writeInt32LE(responseTo, 8)
  header.writeInt32LE(OP_REPLY, 12)
  header.writeInt32LE(0, 16)
  header.writeBigInt64LE(0n, 20)
  header.writeInt32LE(0, 28)
  header.writeInt32LE(1, 32)
  return Buffer.concat([header, body])
}
